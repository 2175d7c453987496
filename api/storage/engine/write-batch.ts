import type { InArgs } from '@libsql/client';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { databaseBusy, isBusy, retryPause } from './busy.js';
import type { OpenTransaction, Row } from './connections.js';

/** The statements a write may run; handed to storage functions inside `Database.write`. */
export interface WriteTx {
  all(sql: string, args?: InArgs): Promise<Row[]>;
  get(sql: string, args?: InArgs): Promise<Row | undefined>;
  run(sql: string, args?: InArgs): Promise<number>;
}

export type Work<T> = (tx: WriteTx) => Promise<T>;

/** Enough to share one commit among a rush; few enough that one batch holds the event loop briefly. */
export const MAX_WRITES_PER_BATCH = 64;

interface QueuedWrite {
  work: Work<unknown>;
  /** When this write stops waiting for another process's lock and answers 503. */
  deadline: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A refused write whose rollback failed too: the transaction is gone, so the batch starts over without it. */
class TransactionLost extends Error {
  constructor(readonly culprit: QueuedWrite, readonly refusal: unknown) {
    super('The transaction ended while one write was being rolled back');
  }
}

/**
 * Group commit: writes that arrive while a batch is being committed (or in the same turn of the
 * event loop) share the next immediate transaction, so a write that throws (a Problem or anything
 * else) rolls back only itself and rejects only its caller: writes run one after another without
 * savepoints, and when one throws after it may have changed something, the batch starts over in a
 * new transaction with each write inside its own SAVEPOINT. Callers are answered only after COMMIT
 * succeeded.
 *
 * SQLITE_BUSY anywhere (BEGIN, a statement, COMMIT) abandons the whole transaction and reruns the
 * batch after a jittered pause (the connection reopens itself first), with any writes that queued
 * meanwhile; a write still waiting at its deadline gets the 503 problem. Work functions may
 * therefore run more than once: only the database effects of their last run are kept.
 */
export class WriteBatcher {
  readonly #begin: () => Promise<OpenTransaction>;
  readonly #waitMs: number;
  #queue: QueuedWrite[] = [];
  /** Tasks that hold the next batch until they settled (`betweenBatches`). */
  #between: Array<() => Promise<void>> = [];
  #scheduled = false;
  /** Committed transactions and the writes they carried; visible for tests and logs. */
  readonly commits = { batches: 0, writes: 0 };

  constructor(begin: () => Promise<OpenTransaction>, waitMs: number, private readonly onCommitted: () => void = () => {}) {
    this.#begin = begin;
    this.#waitMs = waitMs;
  }

  /** No write is waiting or being committed. */
  get idle(): boolean {
    return !this.#scheduled;
  }

  /** Writes waiting for a transaction (not counting a batch being committed). */
  get queued(): number {
    return this.#queue.length;
  }

  write<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, deadline: Date.now() + this.#waitMs, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /**
   * Runs `task` at the next moment no write transaction is open (after the batch being committed,
   * or at once when none is) and starts no batch until it settled; writes queue meanwhile. The
   * event loop stays free: only writes wait. `task` must not reject.
   */
  betweenBatches(task: () => Promise<void>): void {
    this.#between.push(task);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Waiting for the check phase lets every request read in this turn of the loop join the batch.
    setImmediate(() => void this.#drain());
  }

  async #drain(): Promise<void> {
    let batch: QueuedWrite[] = [];
    let busyTries = 0;
    while (batch.length > 0 || this.#queue.length > 0 || this.#between.length > 0) {
      if (batch.length === 0 && this.#between.length > 0) {
        for (const task of this.#between.splice(0)) await task();
        continue;
      }
      batch.push(...this.#queue.splice(0, MAX_WRITES_PER_BATCH - batch.length));
      try {
        const outcomes = await this.#commit(batch);
        this.commits.batches++;
        this.commits.writes += batch.length;
        this.onCommitted();
        batch.forEach((write, i) => settle(write, outcomes[i]!));
        batch = [];
        busyTries = 0;
        // Let requests that arrived meanwhile (and reads) in before the next batch.
        if (this.#queue.length > 0) await nextTurn();
      } catch (error) {
        if (error instanceof TransactionLost) {
          error.culprit.reject(error.refusal);
          batch = batch.filter((write) => write !== error.culprit);
        } else if (isBusy(error)) {
          batch = await this.#waitOutBusy(batch, busyTries++);
        } else {
          for (const write of batch) write.reject(error);
          batch = [];
        }
      }
    }
    this.#scheduled = false;
  }

  /** Answers 503 to the writes whose deadline passed, and pauses before the others try again. */
  async #waitOutBusy(batch: QueuedWrite[], tries: number): Promise<QueuedWrite[]> {
    const now = Date.now();
    const waiting: QueuedWrite[] = [];
    for (const write of batch) {
      if (write.deadline > now) waiting.push(write);
      else write.reject(databaseBusy());
    }
    if (waiting.length > 0) {
      const earliest = Math.min(...waiting.map((write) => write.deadline));
      await sleep(Math.min(retryPause(tries), earliest - now));
    }
    return waiting;
  }

  async #commit(batch: QueuedWrite[]): Promise<Outcome[]> {
    let tx: OpenTransaction | undefined;
    try {
      tx = await this.#begin();
      let outcomes = await withoutSavepoints(tx, batch);
      if (!outcomes) {
        // A write threw after changing something: the batch starts over, each write in its own savepoint.
        tx.close();
        tx = await this.#begin();
        const statements = wrap(tx);
        outcomes = [];
        for (const write of batch) outcomes.push(await inSavepoint(tx, statements, write));
      }
      await tx.commit();
      return outcomes;
    } catch (error) {
      tx?.close();
      throw error;
    }
  }
}

/**
 * The batch's writes one after another, without savepoints: inside a savepoint SQLite copies every
 * page a write first changes into a sub-journal, which cost a booking ~15-20 µs (bench/findings.md).
 * A write that throws before changing anything (a refusal after its reads: an overlap, a limit)
 * leaves nothing to undo. Null when a write threw after it may have changed something.
 */
async function withoutSavepoints(tx: OpenTransaction, batch: QueuedWrite[]): Promise<Outcome[] | null> {
  const outcomes: Outcome[] = [];
  for (const write of batch) {
    const statements = wrapTracked(tx);
    try {
      outcomes.push({ ok: true, value: await write.work(statements) });
    } catch (error) {
      if (isBusy(error)) throw error;
      if (statements.mayHaveChanged()) return null;
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}

async function inSavepoint(tx: OpenTransaction, statements: WriteTx, write: QueuedWrite): Promise<Outcome> {
  await tx.query('SAVEPOINT write', []);
  try {
    const value = await write.work(statements);
    await tx.query('RELEASE write', []);
    return { ok: true, value };
  } catch (error) {
    if (isBusy(error)) throw error;
    try {
      await tx.query('ROLLBACK TO write', []);
      await tx.query('RELEASE write', []);
    } catch (rollbackError) {
      throw isBusy(rollbackError) ? rollbackError : new TransactionLost(write, error);
    }
    return { ok: false, error };
  }
}

function settle(write: QueuedWrite, outcome: Outcome): void {
  if (outcome.ok) write.resolve(outcome.value);
  else write.reject(outcome.error);
}

// A statement read through get() or all() changes nothing when it is a SELECT (or a WITH … SELECT)
// naming no writing verb; INSERT … RETURNING and the like count as changes.
const readOnly = new Map<string, boolean>();
function isReadOnly(sql: string): boolean {
  let known = readOnly.get(sql);
  if (known === undefined) {
    known = /^\s*(SELECT|WITH)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
    if (readOnly.size >= 1_000) readOnly.clear();
    readOnly.set(sql, known);
  }
  return known;
}

/** `wrap`, remembering whether any statement that may change the database ran. */
function wrapTracked(tx: OpenTransaction): WriteTx & { mayHaveChanged(): boolean } {
  let changed = false;
  return {
    all: async (sql, args = []) => {
      if (!isReadOnly(sql)) changed = true;
      return (await tx.query(sql, args)).rows;
    },
    get: (sql, args = []) => {
      if (!isReadOnly(sql)) changed = true;
      return tx.queryFirst(sql, args);
    },
    run: async (sql, args = []) => {
      changed = true;
      return (await tx.query(sql, args)).rowsAffected;
    },
    mayHaveChanged: () => changed,
  };
}

function wrap(tx: OpenTransaction): WriteTx {
  const all = async (sql: string, args: InArgs = []) => (await tx.query(sql, args)).rows;
  return {
    all,
    get: (sql, args = []) => tx.queryFirst(sql, args),
    run: async (sql, args = []) => (await tx.query(sql, args)).rowsAffected,
  };
}
