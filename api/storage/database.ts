import type { InArgs } from '@libsql/client';
import { DEFAULT_WAIT_MS, DRIVER_BUSY_TIMEOUT_MS, isBusy, retryWhileBusy } from './busy.js';
import { openConnection, type Connection, type Row } from './connections.js';
import { migrate } from './migrations.js';
import { WriteBatcher, type Work, type WriteTx } from './write-batch.js';

export type { Row, WriteTx };
export { databaseBusy } from './busy.js';

export interface DatabaseOptions {
  /** `file:` URL of the embedded database, or a `libsql:`/`https:`/`wss:` URL of a libSQL server. */
  url: string;
  authToken?: string | undefined;
  /** How long a request waits, asynchronously, for another process's lock before a 503 (COWORK_DB_WAIT_MS). */
  waitMs?: number;
  /**
   * WAL size in pages at which a commit checkpoints on the request path (SQLite's default 1000).
   * Raise it when a background checkpointer keeps the WAL short (`startCheckpoints`).
   */
  walAutocheckpointPages?: number;
  /** `client` opens a `file:` URL through @libsql/client, as remote URLs always are (tests of that path). */
  driver?: 'embedded' | 'client';
}

/**
 * The only door to libSQL. Reads go through their own connection; writes go through a group
 * commit queue (write-batch.ts), so one process holds at most one write transaction at a time,
 * each BEGIN IMMEDIATE. Nobody waits for a lock on the event loop for more than a few
 * milliseconds: longer waits are asynchronous retries (busy.ts), so reads keep answering.
 */
export class Database {
  readonly #writer: Connection;
  readonly #reader: Connection;
  readonly #batcher: WriteBatcher;
  readonly #waitMs: number;

  private constructor(options: DatabaseOptions) {
    const isFile = options.url.startsWith('file:');
    this.#waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    const base = { url: options.url, authToken: options.authToken, timeoutMs: DRIVER_BUSY_TIMEOUT_MS, driver: options.driver ?? 'embedded' };
    // NORMAL in WAL mode: a killed process loses nothing committed; a power cut may lose the last commits.
    const writerSetup = ['PRAGMA synchronous = NORMAL', 'PRAGMA foreign_keys = ON'];
    if (options.walAutocheckpointPages !== undefined) writerSetup.push(`PRAGMA wal_autocheckpoint = ${Math.trunc(options.walAutocheckpointPages)}`);
    this.#writer = openConnection({ ...base, setup: isFile ? writerSetup : [], concurrency: 1 });
    this.#reader = openConnection(base);
    this.#batcher = new WriteBatcher(() => this.#writer.beginImmediate(), this.#waitMs);
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const db = new Database(options);
    try {
      if (options.url.startsWith('file:')) await retryWhileBusy(db.#waitMs, () => db.#writer.query('PRAGMA journal_mode = WAL', []));
      await migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  /** How many times a BUSY error forced a connection to be reopened; visible for tests and logs. */
  get busyRecoveries(): number {
    return this.#writer.reopenings + this.#reader.reopenings;
  }

  /** Committed write transactions and the writes they carried; visible for tests and logs. */
  get commits(): Readonly<{ batches: number; writes: number }> {
    return this.#batcher.commits;
  }

  /** Writes waiting for the next transaction; visible for tests and logs. */
  get queuedWrites(): number {
    return this.#batcher.queued;
  }

  async all(sql: string, args: InArgs = []): Promise<Row[]> {
    try {
      return (await this.#reader.query(sql, args)).rows;
    } catch (error) {
      if (!isBusy(error)) throw error;
      return (await retryWhileBusy(this.#waitMs, () => this.#reader.query(sql, args))).rows;
    }
  }

  async get(sql: string, args: InArgs = []): Promise<Row | undefined> {
    try {
      return await this.#reader.queryFirst(sql, args);
    } catch (error) {
      if (!isBusy(error)) throw error;
      return retryWhileBusy(this.#waitMs, () => this.#reader.queryFirst(sql, args));
    }
  }

  /**
   * Runs `work` in an immediate write transaction, possibly shared with other writes (each in
   * its own savepoint), and resolves once that transaction committed. `work` may run more than
   * once (SQLITE_BUSY reruns its batch), so it must have no effects outside the database.
   */
  write<T>(work: Work<T>): Promise<T> {
    return this.#batcher.write(work);
  }

  /** No write is waiting or being committed at this moment. */
  get writesIdle(): boolean {
    return this.#batcher.idle;
  }

  /**
   * Runs `task` while no write transaction is open, holding later writes until it settled (reads
   * go on): the WAL checkpointer uses it to finish a checkpoint so the next commit restarts the WAL.
   */
  betweenWrites(task: () => Promise<void>): void {
    this.#batcher.betweenBatches(task);
  }

  close(): void {
    this.#writer.close();
    this.#reader.close();
  }
}
