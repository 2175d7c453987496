import type { InArgs } from '@libsql/client';

export type Row = Record<string, unknown>;

export interface QueryResult {
  rows: Row[];
  rowsAffected: number;
}

/** One open BEGIN IMMEDIATE transaction. */
export interface OpenTransaction {
  query(sql: string, args: InArgs): Promise<QueryResult>;
  /** The first row only, as `Connection.queryFirst`: most statements of a booking read one row. */
  queryFirst(sql: string, args: InArgs): Promise<Row | undefined>;
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
  /** The first row only: for the embedded file one native call, without a row iterator or batch array. */
  queryFirst(sql: string, args: InArgs): Promise<Row | undefined>;
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
