import { createClient, type Client, type InArgs, type Transaction } from '@libsql/client';
import { isBusy } from './busy.js';
import type { Connection, ConnectionOptions, OpenTransaction, QueryResult, Row } from './connections.js';

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
export class ClientConnection implements Connection {
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

  async queryFirst(sql: string, args: InArgs): Promise<Row | undefined> {
    return (await this.query(sql, args)).rows[0];
  }

  async beginImmediate(): Promise<OpenTransaction> {
    await this.#healed();
    const tx: Transaction = await this.#guard(this.#client.transaction('write'));
    return {
      query: async (sql, args) => ClientConnection.result(await this.#guard(tx.execute({ sql, args }))),
      queryFirst: async (sql, args) => ClientConnection.result(await this.#guard(tx.execute({ sql, args }))).rows[0],
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
