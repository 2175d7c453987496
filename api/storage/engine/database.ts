import type { InArgs } from '@libsql/client';
import { DEFAULT_WAIT_MS, DRIVER_BUSY_TIMEOUT_MS, isBusy, retryWhileBusy } from './busy.js';
import { ClientConnection } from './client-connection.js';
import type { Connection, ConnectionOptions, Row } from './connections.js';
import { EmbeddedConnection } from './embedded-connection.js';
import { migrate } from '../migrations/runner.js';
import { WriteBatcher, type Work, type WriteTx } from './write-batch.js';

export type { Row, WriteTx };
export { databaseBusy } from './busy.js';

/** On every connection to a file (SECURITY.md "Deleting an account"); a remote server keeps its own setting. */
export const SECURE_DELETE = 'PRAGMA secure_delete = ON';

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

export function openConnection(options: ConnectionOptions): Connection {
  const embedded = options.url.startsWith('file:') && options.driver !== 'client';
  return embedded ? new EmbeddedConnection(options) : new ClientConnection(options);
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
  readonly #erasureListeners = new Set<() => void>();
  readonly #commitListeners = new Set<() => void>();

  private constructor(options: DatabaseOptions) {
    const isFile = options.url.startsWith('file:');
    this.#waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    const base = { url: options.url, authToken: options.authToken, timeoutMs: DRIVER_BUSY_TIMEOUT_MS, driver: options.driver ?? 'embedded' };
    // NORMAL in WAL mode: a killed process loses nothing committed; a power cut may lose the last commits.
    // secure_delete: whatever a write removes or replaces is overwritten with zeros, in the page and
    // in the free list, so a deletion leaves no bytes behind once its pages leave the WAL (SPEC §16).
    const writerSetup = ['PRAGMA synchronous = NORMAL', 'PRAGMA foreign_keys = ON', SECURE_DELETE];
    if (options.walAutocheckpointPages !== undefined) writerSetup.push(`PRAGMA wal_autocheckpoint = ${Math.trunc(options.walAutocheckpointPages)}`);
    this.#writer = openConnection({ ...base, setup: isFile ? writerSetup : [], concurrency: 1 });
    this.#reader = openConnection({ ...base, setup: isFile ? [SECURE_DELETE] : [] });
    this.#batcher = new WriteBatcher(() => this.#writer.beginImmediate(), this.#waitMs, () => {
      for (const listener of this.#commitListeners) listener();
    });
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

  /**
   * Says that a deletion of personal data committed; the WAL checkpointer then truncates the WAL
   * (wal-truncation.ts), so the deleted bytes leave the disk with it.
   */
  erasureCommitted(): void {
    for (const listener of this.#erasureListeners) listener();
  }

  /**
   * `wal_checkpoint(TRUNCATE)` on the writer's connection, for a server without the checkpoint
   * worker (COWORK_DB_CHECKPOINT_MS=0): call it between write batches. It waits for readers only
   * the driver's few milliseconds; answers whether the WAL is now empty.
   */
  async truncateWal(): Promise<boolean> {
    try {
      const result = (await this.#writer.query('PRAGMA wal_checkpoint(TRUNCATE)', [])).rows[0];
      return Number(result?.busy) === 0 && Number(result?.log) === 0;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }

  onErasure(listener: () => void): () => void {
    this.#erasureListeners.add(listener);
    return () => this.#erasureListeners.delete(listener);
  }

  /**
   * Calls `listener` after each write transaction of this process committed, before its writers are
   * answered: the live event streams read what it wrote at once (api/events/). It must not throw.
   */
  onCommit(listener: () => void): () => void {
    this.#commitListeners.add(listener);
    return () => this.#commitListeners.delete(listener);
  }

  close(): void {
    this.#writer.close();
    this.#reader.close();
  }
}
