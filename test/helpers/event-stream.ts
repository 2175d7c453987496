import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One message of a live stream as a test sees it: `type` from `event:`, the parsed `data:`. */
export interface StreamMessage {
  id: number;
  type: string;
  data: { id?: string; type: string; createdAt?: string; data?: { session?: { id: string; status: string; partner: { name: string } | null }; reason?: string } };
}

export interface OpenStream {
  status: number;
  /** The answer's body when it was not a stream (a refusal's problem document). */
  problem: { type: string; status: number; detail: string } | undefined;
  headers: Headers;
  /** Resolves with the next message, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<StreamMessage>;
  /** Messages until (and including) the first of `type`. */
  until(type: string, timeoutMs?: number): Promise<StreamMessage[]>;
  /** Comment lines seen so far (heartbeats). */
  comments(): number;
  /** Resolves when the server ended the stream, with the time it took since `ended` was asked. */
  readonly ended: Promise<void>;
  close(): void;
}

/**
 * Opens `GET <path>` as a stream the way a client would (fetch and a stream reader, the bytes
 * parsed by eventsource-parser), so tests read what a real client reads.
 */
export async function openEventStream(url: string, token: string, options: { lastEventId?: number | string; path?: string } = {}): Promise<OpenStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
  const response = await fetch(`${url}${options.path ?? '/v1/events'}`, { headers, signal: abort.signal });
  const queue: StreamMessage[] = [];
  const waiters: Array<() => void> = [];
  let comments = 0;
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => {
      queue.push({ id: Number(message.id), type: message.event ?? 'message', data: JSON.parse(message.data) as StreamMessage['data'] });
      waiters.splice(0).forEach((wake) => wake());
    },
    onComment: () => void comments++,
  });
  let problem: OpenStream['problem'];
  let ended: Promise<void>;
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    ended = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // Closed by the test.
      }
      waiters.splice(0).forEach((wake) => wake());
    })();
  } else {
    problem = (await response.json()) as OpenStream['problem'];
    ended = Promise.resolve();
  }
  let done = false;
  void ended.then(() => (done = true));
  const next = async (timeoutMs = 5_000): Promise<StreamMessage> => {
    const deadline = Date.now() + timeoutMs;
    while (queue.length === 0) {
      if (done) throw new Error('the stream ended before the next message');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return queue.shift()!;
  };
  return {
    status: response.status,
    problem,
    headers: response.headers,
    next,
    until: async (type, timeoutMs) => {
      const seen: StreamMessage[] = [];
      for (;;) {
        const message = await next(timeoutMs);
        seen.push(message);
        if (message.type === type) return seen;
      }
    },
    comments: () => comments,
    ended,
    close: () => abort.abort(),
  };
}

/** Opens streams as `openEventStream` does and keeps each, so a suite's `after` closes them all. */
export function streamKeeper(): { open: typeof openEventStream; closeAll(): void } {
  const kept: OpenStream[] = [];
  return {
    open: async (...args) => {
      const opened = await openEventStream(...args);
      kept.push(opened);
      return opened;
    },
    closeAll: () => {
      for (const opened of kept) opened.close();
    },
  };
}
