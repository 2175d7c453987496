import { createClient, type Client, type InArgs, type Transaction } from '@libsql/client';
import LibsqlDatabase from 'libsql';

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

/** What `Database` needs of a driver: plain rows, immediate write transactions, a way to start over. */
export interface Connection {
  query(sql: string, args: InArgs): Promise<QueryResult>;
  beginImmediate(): Promise<OpenTransaction>;
  /** Drops the underlying connection(s) and opens fresh ones (after SQLITE_BUSY). */
  reconnect(): Promise<void>;
  close(): void;
}

export interface ConnectionOptions {
  url: string;
  authToken?: string | undefined;
  timeoutMs: number;
  /** Connections a remote client may use at once; embedded connections are synchronous, one is enough. */
  concurrency?: number;
}

export function openConnection(options: ConnectionOptions): Connection {
  return options.url.startsWith('file:') ? new EmbeddedConnection(options) : new ClientConnection(options);
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

  constructor(options: ConnectionOptions) {
    this.#client = createClient({
      url: options.url,
      authToken: options.authToken,
      timeout: options.timeoutMs,
      intMode: 'number',
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
  }

  async query(sql: string, args: InArgs): Promise<QueryResult> {
    return ClientConnection.result(await this.#client.execute({ sql, args }));
  }

  async beginImmediate(): Promise<OpenTransaction> {
    const tx: Transaction = await this.#client.transaction('write');
    return {
      query: async (sql, args) => ClientConnection.result(await tx.execute({ sql, args })),
      commit: () => tx.commit(),
      close: () => tx.close(),
    };
  }

  async reconnect(): Promise<void> {
    await this.#client.reconnect();
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
  #db: LibsqlDatabase.Database;
  readonly #statements = new Map<string, Prepared>();

  constructor(options: ConnectionOptions) {
    this.#path = decodeURIComponent(new URL(options.url).pathname);
    this.#timeoutMs = options.timeoutMs;
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
        if (!open()) throw new Error('The transaction is closed');
        return this.#run(sql, args);
      },
      commit: async () => void this.#run('COMMIT', []),
      close: () => {
        if (open()) this.#run('ROLLBACK', []);
      },
    };
  }

  async reconnect(): Promise<void> {
    this.close();
    this.#db = this.#open();
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.open) this.#db.close();
  }

  #open(): LibsqlDatabase.Database {
    return new LibsqlDatabase(this.#path, { timeout: this.#timeoutMs } as LibsqlDatabase.Options);
  }

  #run(sql: string, args: InArgs): QueryResult {
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
