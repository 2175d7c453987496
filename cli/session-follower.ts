import type { CoworkClient } from './client.js';
import { followLiveEvents } from './live-events.js';

/** What `cowork next --wait` learns from the live stream about the session it waits for. */
export interface SessionFollower {
  /** An event about the session came since the last call: re-read it now. */
  changed(): boolean;
  /** The stream is open, so a change arrives through it; polling only backs it up then. */
  readonly open: boolean;
  stop(): void;
}

/**
 * Follows the person's live events in the background for one session (SPEC §12). Quietly: a lost
 * connection is tried again by itself, and a server without the stream (older than this CLI) or a
 * refused token leaves it closed, so the caller's polling does the work as it always did.
 */
export function followSession(client: CoworkClient, sessionId: string): SessionFollower {
  const stop = new AbortController();
  const about = `"session":{"id":${JSON.stringify(sessionId)}`;
  let changed = false;
  let open = false;
  void followLiveEvents(client, stop.signal, {
    message: ({ type, data }) => {
      if (type === 'reset' || data.includes(about)) changed = true;
    },
    state: (isOpen) => {
      // Whatever happened before the stream (re)opened, since the session was last read, is read once.
      if (isOpen && !open) changed = true;
      open = isOpen;
    },
  }).catch(() => {
    open = false;
  });
  return {
    changed: () => {
      const was = changed;
      changed = false;
      return was;
    },
    get open() {
      return open;
    },
    stop: () => stop.abort(),
  };
}
