import type { SSEStreamingApi } from 'hono/streaming';
import type { Database } from '../storage/engine/database.js';
import { eventsOfAfter, latestEventId, prunedThrough, type LoggedEvent } from '../storage/events.js';
import type { Subscriber } from './event-watch.js';

/** What a client waits before reconnecting (the `retry:` field). */
export const RETRY_MS = 2_000;
const BACKLOG_PAGE = 500;

export interface LiveStreamOptions {
  db: Database;
  userId: string;
  /** The id the client last saw (`Last-Event-ID`), or undefined for a new stream. */
  lastEventId: number | undefined;
  heartbeatMs: number;
  /** Whether the stream's credential still holds. */
  stillAllowed(): Promise<boolean>;
  /** Which of the person's events this stream carries (the call page's: those of its session); all by default. */
  carries?: (event: LoggedEvent) => boolean;
}

/**
 * One open `text/event-stream` (SPEC §12). It starts where the watch says live delivery begins;
 * a resuming client first gets its kept events after its `Last-Event-ID` (or a `reset` when some
 * were pruned), then `ready`, whose id is where a later resume starts, then each new event as it
 * comes, with a comment line as heartbeat. Events the watch hands over while the backlog is being
 * read wait in order; any id at or below the last one written is dropped, so each goes out once.
 */
export class LiveStream implements Subscriber {
  readonly userId: string;
  #sse: SSEStreamingApi | undefined;
  #from: number | undefined;
  #pending: LoggedEvent[] = [];
  #catchingUp = false;
  #caughtUp = false;
  #lastWritten = 0;
  #writes: Promise<void> = Promise.resolve();
  #heartbeat: NodeJS.Timeout | undefined;
  #ended = false;
  #whenEnded!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.#whenEnded = resolve));

  constructor(private readonly options: LiveStreamOptions) {
    this.userId = options.userId;
  }

  stillAllowed(): Promise<boolean> {
    return this.options.stillAllowed();
  }

  start(from: number): void {
    this.#from = from;
    void this.#catchUp();
  }

  deliver(events: readonly LoggedEvent[]): void {
    if (!this.#caughtUp) {
      this.#pending.push(...events);
      return;
    }
    this.#writeEvents(events);
  }

  /** Runs the stream on `sse` until it ends (client gone, credential revoked, server closing). */
  async attach(sse: SSEStreamingApi): Promise<void> {
    this.#sse = sse;
    sse.onAbort(() => this.end());
    this.#heartbeat = setInterval(() => this.#enqueue(() => sse.write(': heartbeat\n\n')), this.options.heartbeatMs);
    void this.#catchUp();
    await this.ended;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#heartbeat);
    this.#whenEnded();
  }

  /** Once both the stream is attached and the start is known: the backlog, `ready`, then what waited meanwhile. */
  async #catchUp(): Promise<void> {
    const sse = this.#sse;
    const from = this.#from;
    if (!sse || from === undefined || this.#catchingUp || this.#ended) return;
    this.#catchingUp = true;
    let ready = from;
    try {
      const { lastEventId, db } = this.options;
      if (lastEventId !== undefined) {
        const latest = await latestEventId(db);
        if (lastEventId < (await prunedThrough(db)) || lastEventId > latest) {
          this.#write({ id: from, userId: this.userId, type: 'reset', body: JSON.stringify({ type: 'reset' }) });
        } else {
          // Up to the log's head, not only the watch's cursor: what committed before the client came
          // back is sent before `ready`; the watch hands the same rows over again, and they are dropped.
          const upTo = Math.max(from, latest);
          this.#lastWritten = lastEventId;
          ready = Math.max(upTo, lastEventId);
          for (let after = lastEventId; after < upTo; ) {
            const kept = (await eventsOfAfter(db, this.userId, after, BACKLOG_PAGE)).filter((event) => event.id <= upTo);
            this.#writeEvents(kept);
            if (kept.length < BACKLOG_PAGE) break;
            after = kept.at(-1)!.id;
          }
        }
      }
    } catch (error) {
      console.error(`cowork: a live stream could not read its events (${(error as Error).message}); it closes and its client resumes`);
      this.end();
      return;
    }
    this.#enqueue(() => sse.writeSSE({ id: String(ready), event: 'ready', data: JSON.stringify({ type: 'ready' }), retry: RETRY_MS }));
    this.#lastWritten = Math.max(this.#lastWritten, ready);
    this.#caughtUp = true;
    this.#writeEvents(this.#pending);
    this.#pending = [];
  }

  #writeEvents(events: readonly LoggedEvent[]): void {
    for (const event of events) {
      if (event.id <= this.#lastWritten) continue;
      this.#lastWritten = event.id;
      if (this.options.carries && !this.options.carries(event)) continue;
      this.#write(event);
    }
  }

  #write(event: LoggedEvent): void {
    const sse = this.#sse!;
    this.#enqueue(() => sse.writeSSE({ id: String(event.id), event: event.type, data: event.body }));
  }

  /** Writes one after another, in the order asked; a client gone makes them no-ops. */
  #enqueue(write: () => Promise<unknown>): void {
    if (this.#ended) return;
    this.#writes = this.#writes.then(write).then(() => {}, () => this.end());
  }
}
