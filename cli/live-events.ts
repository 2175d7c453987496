import { setTimeout as sleep } from 'node:timers/promises';
import type { CoworkClient, StreamedMessage } from './client.js';
import { UnreachableError } from './errors.js';

/** The first pause before reconnecting, doubled after each failed try up to the longest. */
export const FIRST_PAUSE_MS = 1_000;
export const LONGEST_PAUSE_MS = 30_000;

export interface FollowHandlers {
  /** Each message but the stream's own `ready`, in order, each once across reconnects. */
  message(message: StreamedMessage): void;
  /** The stream is open (after `ready`), or lost and about to be tried again after `retryInMs`. */
  state(open: boolean, retryInMs?: number): void;
}

/**
 * Follows the person's live events until `signal` aborts (SPEC §12): reconnects after a lost
 * connection with the last id seen as Last-Event-ID, so nothing is missed or repeated, after a
 * pause that grows from FIRST_PAUSE_MS to LONGEST_PAUSE_MS and starts over once a stream opened.
 * A refusal (a revoked token, a server without the stream) ends it by rejecting.
 */
export async function followLiveEvents(client: CoworkClient, signal: AbortSignal, handlers: FollowHandlers, pauses = { firstMs: FIRST_PAUSE_MS, longestMs: LONGEST_PAUSE_MS }): Promise<void> {
  let lastEventId: string | undefined;
  let pause = pauses.firstMs;
  while (!signal.aborted) {
    try {
      await client.followEvents({
        lastEventId,
        signal,
        onMessage: (message) => {
          if (message.id !== undefined) lastEventId = message.id;
          if (message.type === 'ready') {
            pause = pauses.firstMs;
            handlers.state(true);
          } else handlers.message(message);
        },
      });
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
    }
    if (signal.aborted) return;
    handlers.state(false, pause);
    try {
      await sleep(pause, undefined, { signal });
    } catch {
      return;
    }
    pause = Math.min(pause * 2, pauses.longestMs);
  }
}
