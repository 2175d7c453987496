import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';

/** The database file the previous release made (schema v2), which every migration must upgrade. */
const FIXTURE = new URL('../api/fixtures/schema-v2.db', import.meta.url);

// Columns that v1 and v2 made, which no later migration may change.
const V2_ROWS = [
  'SELECT id, name, email, password_hash, timezone, created_at FROM users ORDER BY id',
  'SELECT hash, user_id, label, created_at FROM tokens ORDER BY hash',
  'SELECT id, room, session_a, session_b, created_at, dissolved_at FROM pairs ORDER BY id',
  'SELECT seq, id, user_id, start_at, end_at, duration, status, pair_id, task, created_at, cancelled_at, late_cancel FROM sessions ORDER BY seq',
  'SELECT user_id, key, request_hash, status, body, created_at FROM idempotency_keys ORDER BY key',
  'SELECT id, session_id, user_id, event, at FROM attendance ORDER BY id',
  'SELECT name, value FROM server_secrets ORDER BY name',
];

export interface SchemaV2Copy extends FixtureCopy {
  /** Every v1/v2 column of every row, as one string to compare before and after an upgrade. */
  v2Rows(): Promise<string>;
}

export interface FixtureCopy {
  url: string;
  /** A connection of its own, for looking at what the upgrade really wrote. */
  client: Client;
  remove(): void;
}

/** A fresh copy of a database file that a fixture holds, in a temp folder, so a test can upgrade it without touching the original. */
export function copyFixture(fixture: URL, prefix: string): FixtureCopy {
  const dir = mkdtempSync(join(tmpdir(), `cowork-${prefix}-`));
  copyFileSync(fixture, join(dir, 'cowork.db'));
  const url = pathToFileURL(join(dir, 'cowork.db')).href;
  const client = createClient({ url });
  return {
    url,
    client,
    remove: () => {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Columns later migrations add to tables that hold rows, each with its default: v19's languages (migration-v19.test.ts). */
const ADDED_COLUMNS: Record<string, string[]> = { users: ['languages'], sessions: ['languages'] };

/**
 * Every row of these tables as one string, to compare before and after an upgrade, less the rows a
 * later migration drops on purpose: v15 drops the log-in throttle rows keyed by a typed email
 * (migration-v15.test.ts shows that); and less the columns ADDED_COLUMNS names.
 */
export async function keptRows(client: Client, tables: string[], orderBy = '1'): Promise<string> {
  return JSON.stringify(await Promise.all(tables.map(async (table) => {
    const kept = table === 'rate_limits' ? ` WHERE bucket NOT IN ('login', 'login-account')` : '';
    const result = await client.execute(`SELECT * FROM "${table}"${kept} ORDER BY ${orderBy}`);
    const columns = result.columns.filter((column) => !ADDED_COLUMNS[table]?.includes(column));
    return result.rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]])));
  })));
}

/** A fresh copy of the schema-v2 fixture. */
export function copySchemaV2(prefix: string): SchemaV2Copy {
  const copy = copyFixture(FIXTURE, prefix);
  return { ...copy, v2Rows: async () => JSON.stringify(await Promise.all(V2_ROWS.map(async (sql) => (await copy.client.execute(sql)).rows))) };
}
