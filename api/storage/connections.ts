import { createClient, type Client, type InArgs, type Transaction } from '@libsql/client';
import LibsqlDatabase from 'libsql';
import { isBusy } from './busy.js';

export type Row = Record<string, unknown>;

export interface QueryResult {
  rows: Row[];
  rowsAffected: number;
}

/** One open BEGIN IMMEDIATE transaction. */
export interface OpenTransaction {
  query(sql: string, args: InArgs): Promise<QueryResult>;
  commit(): Promise<void>;
  /** Rolls back if still open; harmless after commit. */
  close(): void;
}

/**
 * What `Database` needs of a driver: plain rows and immediate write transactions (savepoints are
 * plain statements inside them).
 *
 * libsql silently drops later writes on a connection that once failed with SQLITE_BUSY, so a
 * BUSY error poisons the connection: before its next statement it is closed and reopened.
 */
export interface Connection {
  query(sql: string, args: InArgs): Promise<QueryResult>;
  beginImmediate(): Promise<OpenTransaction>;
  /** How many times a BUSY error made this connection reopen. */
  readonly reopenings: number;
  close(): void;
}

export interface ConnectionOptions {
  url: string;
  authToken?: string | undefined;
  /** How long the driver itself waits for a lock (synchronously, for the embedded file). */
  timeoutMs: number;
  /** Statements (PRAGMAs) run on every fresh connection, the first and each reopened one. */
  setup?: string[];
  /** Connections a remote client may use at once; embedded connections are synchronous, one is enough. */
  concurrency?: number;
  /** `client` opens even a `file:` URL through @libsql/client, the path remote URLs take (for its tests). */
  driver?: 'embedded' | 'client';
}

export function openConnection(options: ConnectionOptions): Connection {
  const embedded = options.url.startsWith('file:') && options.driver !== 'client';
  return embedded ? new EmbeddedConnection(options) : new ClientConnection(options);
}

function plainRows(rows: ArrayLike<Row>, columns: string[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const plain: Row = {};
    for (const column of columns) plain[column] = row[column];
    out.push(plain);
  }
  return out;
}

/** libSQL server or Turso over the network, through @libsql/client. */
class ClientConnection implements Connection {
  readonly #client: Client;
  readonly #setup: string[];
  #needsSetup = true;
  #poisoned = false;
  reopenings = 0;

  constructor(options: ConnectionOptions) {
    this.#setup = options.setup ?? [];
    this.#client = createClient({
      url: options.url,
      authToken: options.authToken,
      timeout: options.timeoutMs,
      intMode: 'number',
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
  }

  async query(sql: string, args: InArgs): Promise<QueryResult> {
    await this.#healed();
    return ClientConnection.result(await this.#guard(this.#client.execute({ sql, args })));
  }

  async beginImmediate(): Promise<OpenTransaction> {
    await this.#healed();
    const tx: Transaction = await this.#guard(this.#client.transaction('write'));
    return {
      query: async (sql, args) => ClientConnection.result(await this.#guard(tx.execute({ sql, args }))),
      commit: () => this.#guard(tx.commit()),
      close: () => tx.close(),
    };
  }

  async #guard<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      if (isBusy(error)) this.#poisoned = true;
      throw error;
    }
  }

  /** Reconnects after BUSY, and runs the setup statements on a fresh connection, before anything else. */
  async #healed(): Promise<void> {
    if (this.#poisoned) {
      await this.#client.reconnect();
      this.#poisoned = false;
      this.#needsSetup = true;
      this.reopenings++;
    }
    if (!this.#needsSetup) return;
    for (const statement of this.#setup) await this.#guard(this.#client.execute(statement));
    this.#needsSetup = false;
  }

  close(): void {
    this.#client.close();
  }

  static result(result: { rows: unknown; columns: string[]; rowsAffected: number }): QueryResult {
    return { rows: plainRows(result.rows as ArrayLike<Row>, result.columns), rowsAffected: result.rowsAffected };
  }
}

interface Prepared {
  statement: LibsqlDatabase.Statement<unknown[]>;
  /** Column names of a statement that returns rows, null for one that does not. */
  columns: string[] | null;
}

/** Enough for every distinct statement the API sends; a runaway set of ad-hoc SQL just starts over. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * The embedded file, through libsql's synchronous driver, with each statement prepared once per
 * connection: preparing and describing statements was a third of the server's CPU time per
 * request through @libsql/client, which prepares every statement on every call.
 */
class EmbeddedConnection implements Connection {
  readonly #path: string;
  readonly #timeoutMs: number;
  readonly #setup: string[];
  #db: LibsqlDatabase.Database;
  #poisoned = false;
  readonly #statements = new Map<string, Prepared>();
  reopenings = 0;

  constructor(options: ConnectionOptions) {
    this.#path = decodeURIComponent(new URL(options.url).pathname);
    this.#timeoutMs = options.timeoutMs;
    this.#setup = options.setup ?? [];
    this.#db = this.#open();
  }

  async query(sql: string, args: InArgs): Promise<QueryResult> {
    return this.#run(sql, args);
  }

  async beginImmediate(): Promise<OpenTransaction> {
    this.#run('BEGIN IMMEDIATE', []);
    const db = this.#db;
    const open = () => db.open && db.inTransaction && db === this.#db;
    return {
      query: async (sql, args) => {
        // After BUSY the next statement would reopen the connection and run outside the transaction.
        if (!open() || this.#poisoned) throw new Error('The transaction is closed');
        return this.#run(sql, args);
      },
      commit: async () => void this.#run('COMMIT', []),
      // A poisoned connection is not trusted even to roll back: reopening it ends the transaction.
      close: () => {
        if (!open()) return;
        if (this.#poisoned) this.#reopen();
        else this.#run('ROLLBACK', []);
      },
    };
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.open) this.#db.close();
  }

  #open(): LibsqlDatabase.Database {
    const db = new LibsqlDatabase(this.#path, { timeout: this.#timeoutMs } as LibsqlDatabase.Options);
    for (const statement of this.#setup) db.exec(statement);
    return db;
  }

  #reopen(): void {
    this.close();
    this.#db = this.#open();
    this.#poisoned = false;
    this.reopenings++;
  }

  #run(sql: string, args: InArgs): QueryResult {
    if (this.#poisoned) this.#reopen();
    try {
      return this.#execute(sql, args);
    } catch (error) {
      if (isBusy(error)) this.#poisoned = true;
      throw error;
    }
  }

  #execute(sql: string, args: InArgs): QueryResult {
    const { statement, columns } = this.#prepared(sql);
    const values = args as unknown[];
    if (columns === null) return { rows: [], rowsAffected: statement.run(values).changes };
    const raw = statement.all(values) as unknown[][];
    const rows: Row[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const values = raw[i]!;
      const row: Row = {};
      for (let c = 0; c < columns.length; c++) row[columns[c]!] = values[c];
      rows[i] = row;
    }
    return { rows, rowsAffected: 0 };
  }

  #prepared(sql: string): Prepared {
    let prepared = this.#statements.get(sql);
    if (prepared) return prepared;
    const statement = this.#db.prepare(sql) as LibsqlDatabase.Statement<unknown[]>;
    const columns = statement.reader ? statement.columns().map((column) => column.name) : null;
    if (columns) statement.raw(true);
    if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear();
    prepared = { statement, columns };
    this.#statements.set(sql, prepared);
    return prepared;
  }
}
