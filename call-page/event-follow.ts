/**
 * Follows the session's live events (GET /v1/calls/{id}/events) with fetch and a stream reader, so
 * the credential stays in the Authorization header (EventSource could only put it in the URL).
 * Each event calls `changed`; a dropped stream is opened again after a growing pause, and
 * `connected` says whether one is open, so the page polls slowly only while it is.
 */
export interface FollowCallbacks {
  /** Something happened to the session (a cancel, a partner lost or found, the start): read it again. */
  changed(): void;
  connected(open: boolean): void;
}

const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 30_000;

export function followEvents(url: string, credential: string, callbacks: FollowCallbacks): void {
  let pause = FIRST_PAUSE_MS;
  let opened = 0;
  const connect = async (): Promise<void> => {
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${credential}`, accept: 'text/event-stream' }, cache: 'no-store' });
      // A refused link (401, 404) or too many streams (409): the page's polling carries on alone.
      if (response.status === 401 || response.status === 404 || response.status === 409) return;
      if (!response.ok || !response.body) throw new Error(`the server answered ${response.status}`);
      callbacks.connected(true);
      // After a reconnect, what happened while the stream was down is read once.
      if (opened++ > 0) callbacks.changed();
      pause = FIRST_PAUSE_MS;
      await readMessages(response.body, (type) => {
        if (type !== 'ready') callbacks.changed();
      });
    } catch {
      // Network gone: try again below.
    }
    callbacks.connected(false);
    setTimeout(() => void connect(), pause);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  };
  void connect();
}

/** Calls `onMessage` with the `event:` type of each message in a text/event-stream body, until it ends. */
async function readMessages(body: ReadableStream<Uint8Array>, onMessage: (type: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const lines = block.split(/\r?\n/);
      if (!lines.some((line) => line.startsWith('data:'))) continue; // a comment (heartbeat) or retry alone
      const type = lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message';
      onMessage(type);
    }
  }
}
