import type { InArgs } from '@libsql/client';
import LibsqlDatabase from 'libsql';
import { isBusy } from './busy.js';
import type { Connection, ConnectionOptions, OpenTransaction, QueryResult, Row } from './connections.js';

function toRow(columns: string[], values: unknown[]): Row {
  const row: Row = {};
  for (let c = 0; c < columns.length; c++) row[columns[c]!] = values[c];
  return row;
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
export class EmbeddedConnection implements Connection {
  readonly #path: string;
  readonly #timeoutMs: number;
  readonly #setup: string[];
  #db: LibsqlDatabase.Database;
  #poisoned = false;
  // libsql 0.5.29: after all() (its row iterator) has run a statement, the next get() on that
  // statement cannot bind its arguments and answers the previous arguments' row. A statement read
  // both ways therefore gets one prepared copy per way.
  readonly #statements = new Map<string, Prepared>();
  readonly #firstRowStatements = new Map<string, Prepared>();
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

  // libsql's all() runs a statement through a JS row iterator that fetches rows in batches of 100;
  // get() is one native call, which halves the cost of the one-row reads of every request.
  async queryFirst(sql: string, args: InArgs): Promise<Row | undefined> {
    return this.#guarded(() => this.#first(sql, args));
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
      queryFirst: async (sql, args) => {
        if (!open() || this.#poisoned) throw new Error('The transaction is closed');
        return this.#guarded(() => this.#first(sql, args));
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
    this.#firstRowStatements.clear();
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
    return this.#guarded(() => this.#execute(sql, args));
  }

  #guarded<T>(statement: () => T): T {
    if (this.#poisoned) this.#reopen();
    try {
      return statement();
    } catch (error) {
      if (isBusy(error)) this.#poisoned = true;
      throw error;
    }
  }

  #execute(sql: string, args: InArgs): QueryResult {
    const { statement, columns } = this.#prepared(this.#statements, sql);
    const values = args as unknown[];
    if (columns === null) return { rows: [], rowsAffected: statement.run(values).changes };
    const raw = statement.all(values) as unknown[][];
    const rows: Row[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) rows[i] = toRow(columns, raw[i]!);
    return { rows, rowsAffected: 0 };
  }

  #first(sql: string, args: InArgs): Row | undefined {
    const { statement, columns } = this.#prepared(this.#firstRowStatements, sql);
    if (columns === null) throw new Error('queryFirst needs a statement that returns rows');
    const values = statement.get(args as unknown[]) as unknown[] | undefined;
    return values === undefined ? undefined : toRow(columns, values);
  }

  #prepared(statements: Map<string, Prepared>, sql: string): Prepared {
    let prepared = statements.get(sql);
    if (prepared) return prepared;
    const statement = this.#db.prepare(sql) as LibsqlDatabase.Statement<unknown[]>;
    const columns = statement.reader ? statement.columns().map((column) => column.name) : null;
    if (columns) statement.raw(true);
    if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
    prepared = { statement, columns };
    statements.set(sql, prepared);
    return prepared;
  }
}
