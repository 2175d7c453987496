import type { Database } from '../storage/engine/database.js';
import { eventLogHead, eventsAfter, type LoggedEvent } from '../storage/events.js';

/** One open stream, as the watch sees it (live-stream.ts). */
export interface Subscriber {
  readonly userId: string;
  /** Every event after `from` will come through `deliver`; the ones up to it are the stream's own to read. */
  start(from: number): void;
  /** This person's new events, in id order. */
  deliver(events: readonly LoggedEvent[]): void;
  /** Whether its credential still holds; asked after a credential may have been revoked. */
  stillAllowed(): Promise<boolean>;
  /** Closes the stream (revoked, or the server is closing). */
  end(): void;
}

/** How often a process with open streams reads the log (SPEC §12: at least every 100 ms). */
export const POLL_MS = 100;
/** At most this many open streams per person (SPEC §12). */
export const MAX_STREAMS_PER_PERSON = 5;
/** With no stream open, a commit of this process is looked at after this long (webhook deliveries only). */
const COMMIT_WAKE_MS = 20;
/** Events read per query; a poll reads again while a page comes back full. */
const PAGE = 1_000;

/**
 * This process's one reader of the event log (SPEC §12). Any process serves any person: events are
 * rows, whichever process committed them, so the watch reads the log's head every POLL_MS while
 * anything listens, and, while streams are open, at once after each commit of this process; new rows are read once, for
 * every stream, and handed to their persons' streams. The same poll tells `onNewEvents` listeners
 * (the webhook delivery job's kick) and notices a changed credential generation (migration v12),
 * after which each stream's credential is checked again, so a revoked one ends within the poll.
 */
export class EventWatch {
  readonly #db: Database;
  readonly #bySubscriber = new Map<string, Set<Subscriber>>();
  /** Subscribers and the generation their credential was last checked at (undefined: not yet). */
  readonly #checkedAt = new Map<Subscriber, number | undefined>();
  readonly #waitingStart = new Set<Subscriber>();
  readonly #newEventListeners = new Set<() => void>();
  readonly #timer: NodeJS.Timeout;
  readonly #stopCommits: () => void;
  /** The last id handed out; undefined while nothing listens (it is read afresh when something does). */
  #cursor: number | undefined;
  #commitWake: NodeJS.Timeout | undefined;
  #polling = false;
  #again = false;
  #failing = false;
  #closed = false;

  /** `alsoWatch`: whether to keep polling with no stream open (this process sends webhooks). */
  constructor(db: Database, private readonly alsoWatch: () => boolean = () => false, pollMs = POLL_MS) {
    this.#db = db;
    this.#timer = setInterval(() => this.#wakeIfWanted(), pollMs).unref();
    // After a commit: at once for the streams; for webhooks alone at most every COMMIT_WAKE_MS, so
    // a rush of bookings pays for one read per interval, not one after each of its commits.
    this.#stopCommits = db.onCommit(() => {
      if (this.#checkedAt.size > 0) this.#wake();
      else if (!this.#commitWake && this.alsoWatch()) this.#commitWake = setTimeout(() => {
        this.#commitWake = undefined;
        this.#wake();
      }, COMMIT_WAKE_MS).unref();
    });
  }

  /** Streams open in this process, of everyone. */
  get streams(): number {
    return this.#checkedAt.size;
  }

  /**
   * Adds an open stream, unless its person already holds MAX_STREAMS_PER_PERSON here (answers
   * false). Its `start` is called once the watch knows where live delivery begins.
   */
  join(subscriber: Subscriber): boolean {
    if (this.#closed) return false;
    const own = this.#bySubscriber.get(subscriber.userId) ?? new Set();
    if (own.size >= MAX_STREAMS_PER_PERSON) return false;
    own.add(subscriber);
    this.#bySubscriber.set(subscriber.userId, own);
    this.#checkedAt.set(subscriber, undefined);
    this.#waitingStart.add(subscriber);
    this.#wake();
    return true;
  }

  leave(subscriber: Subscriber): void {
    const own = this.#bySubscriber.get(subscriber.userId);
    own?.delete(subscriber);
    if (own?.size === 0) this.#bySubscriber.delete(subscriber.userId);
    this.#checkedAt.delete(subscriber);
    this.#waitingStart.delete(subscriber);
  }

  /** Called after each poll that found new events, whoever committed them. */
  onNewEvents(listener: () => void): void {
    this.#newEventListeners.add(listener);
  }

  /** Ends every stream and stops polling (server shutdown). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#commitWake);
    this.#stopCommits();
    for (const subscriber of [...this.#checkedAt.keys()]) {
      this.leave(subscriber);
      subscriber.end();
    }
  }

  #wakeIfWanted(): void {
    if (this.#checkedAt.size > 0 || this.alsoWatch()) this.#wake();
    // Nobody listens: forget the cursor, so the next listener starts from the log's head then.
    else if (!this.#polling) this.#cursor = undefined;
  }

  #wake(): void {
    if (this.#closed) return;
    if (this.#polling) {
      this.#again = true;
      return;
    }
    this.#polling = true;
    void this.#poll();
  }

  async #poll(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#pollOnce();
        this.#failing = false;
      } catch (error) {
        // A database that fails fails every 100 ms: say so once until it answers again.
        if (!this.#failing) console.error(`cowork: reading the event log failed (${(error as Error).message}); streams wait for it`);
        this.#failing = true;
      }
    } while (this.#again && !this.#closed);
    this.#polling = false;
  }

  async #pollOnce(): Promise<void> {
    const head = await eventLogHead(this.#db);
    this.#recheckCredentials(head.generation);
    // A stream starts at the head read now, not at the cursor, which may be a poll behind another
    // process's commit: what committed before it opened is not live news to it, and its `ready`
    // names the true head, so a client resuming from it is not sent that event again.
    for (const subscriber of this.#waitingStart) subscriber.start(head.latest);
    this.#waitingStart.clear();
    if (this.#cursor === undefined) {
      this.#cursor = head.latest;
      return;
    }
    if (head.latest <= this.#cursor) return;
    if (this.#checkedAt.size === 0) this.#cursor = head.latest;
    while (this.#checkedAt.size > 0) {
      const events = await eventsAfter(this.#db, this.#cursor, PAGE);
      this.#dispatch(events);
      if (events.length > 0) this.#cursor = events.at(-1)!.id;
      if (events.length < PAGE) break;
    }
    // Rows an erasure removed leave gaps below the head; nothing after the cursor is left unread.
    this.#cursor = Math.max(this.#cursor, head.latest);
    for (const listener of this.#newEventListeners) listener();
  }

  #dispatch(events: readonly LoggedEvent[]): void {
    const byPerson = new Map<string, LoggedEvent[]>();
    for (const event of events) {
      if (!this.#bySubscriber.has(event.userId)) continue;
      const list = byPerson.get(event.userId);
      if (list) list.push(event);
      else byPerson.set(event.userId, [event]);
    }
    for (const [userId, list] of byPerson) for (const subscriber of this.#bySubscriber.get(userId) ?? []) subscriber.deliver(list);
  }

  /** Streams whose credential was not checked at `generation` are checked now, side by side; the revoked end. */
  #recheckCredentials(generation: number): void {
    for (const [subscriber, checkedAt] of this.#checkedAt) {
      if (checkedAt === generation) continue;
      this.#checkedAt.set(subscriber, generation);
      void subscriber.stillAllowed().then(
        (allowed) => {
          if (allowed || !this.#checkedAt.has(subscriber)) return;
          this.leave(subscriber);
          subscriber.end();
        },
        () => this.#checkedAt.has(subscriber) && this.#checkedAt.set(subscriber, undefined),
      );
    }
  }
}
