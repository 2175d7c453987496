import type { InArgs } from '@libsql/client';
import { Problem } from '../problems.js';
import { openConnection, type Connection, type OpenTransaction, type Row } from './connections.js';
import { migrate } from './migrations.js';

export type { Row };

export interface DatabaseOptions {
  /** `file:` URL of the embedded database, or a `libsql:`/`https:`/`wss:` URL of a libSQL server. */
  url: string;
  authToken?: string | undefined;
  /** How long a writer waits for another process's lock before giving up (embedded file only). */
  busyTimeoutMs?: number;
}

/** The statements a write transaction may run; handed to storage functions inside `Database.write`. */
export interface WriteTx {
  all(sql: string, args?: InArgs): Promise<Row[]>;
  get(sql: string, args?: InArgs): Promise<Row | undefined>;
  run(sql: string, args?: InArgs): Promise<number>;
}

const isBusy = (error: unknown) => /SQLITE_BUSY/.test(String((error as { code?: unknown })?.code ?? ''));

export const databaseBusy = () =>
  new Problem(503, 'database-busy', 'Database busy', 'The database is busy with other writers; retry in a moment.', {}, { 'Retry-After': '1' });

/**
 * The only door to libSQL. Reads go through their own connection; writes are queued so that one
 * process holds at most one write transaction at a time, and each runs as BEGIN IMMEDIATE.
 *
 * libsql silently drops later writes on a connection that once failed with SQLITE_BUSY, so a
 * BUSY error poisons the connection: it is closed and reopened before anything writes again.
 */
export class Database {
  readonly #options: DatabaseOptions;
  readonly #isFile: boolean;
  #writer: Connection;
  #reader: Connection;
  #queue: Promise<unknown> = Promise.resolve();
  /** How many times a BUSY error forced the writer to be reopened; visible for tests and logs. */
  busyRecoveries = 0;

  private constructor(options: DatabaseOptions) {
    this.#options = options;
    this.#isFile = options.url.startsWith('file:');
    const base = { url: options.url, authToken: options.authToken, timeoutMs: options.busyTimeoutMs ?? 15_000 };
    this.#writer = openConnection({ ...base, concurrency: 1 });
    this.#reader = openConnection(base);
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const db = new Database(options);
    try {
      if (db.#isFile) await db.#writer.query('PRAGMA journal_mode = WAL', []);
      await db.#configureWriter();
      await migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  async all(sql: string, args: InArgs = []): Promise<Row[]> {
    try {
      return (await this.#reader.query(sql, args)).rows;
    } catch (error) {
      if (isBusy(error)) {
        await this.#reader.reconnect();
        throw databaseBusy();
      }
      throw error;
    }
  }

  async get(sql: string, args: InArgs = []): Promise<Row | undefined> {
    return (await this.all(sql, args))[0];
  }

  /** Runs `work` in one immediate write transaction, after every write this process queued before it. */
  write<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    const result = this.#queue.then(() => this.#runWrite(work));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.#writer.close();
    this.#reader.close();
  }

  async #runWrite<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    let tx: OpenTransaction | undefined;
    try {
      tx = await this.#writer.beginImmediate();
      const result = await work(wrap(tx));
      await tx.commit();
      return result;
    } catch (error) {
      tx?.close();
      if (isBusy(error)) {
        await this.#recoverFromBusy();
        throw databaseBusy();
      }
      throw error;
    }
  }

  async #recoverFromBusy(): Promise<void> {
    this.busyRecoveries++;
    await this.#writer.reconnect();
    await this.#configureWriter();
  }

  async #configureWriter(): Promise<void> {
    if (!this.#isFile) return;
    // NORMAL in WAL mode: a killed process loses nothing committed; a power cut may lose the last commits.
    await this.#writer.query('PRAGMA synchronous = NORMAL', []);
    await this.#writer.query('PRAGMA foreign_keys = ON', []);
  }
}

function wrap(tx: OpenTransaction): WriteTx {
  const all = async (sql: string, args: InArgs = []) => (await tx.query(sql, args)).rows;
  return {
    all,
    get: async (sql, args) => (await all(sql, args))[0],
    run: async (sql, args = []) => (await tx.query(sql, args)).rowsAffected,
  };
}
