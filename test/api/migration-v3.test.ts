import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createClient, type Client } from '@libsql/client';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';

const FIXTURE = new URL('./fixtures/schema-v2.db', import.meta.url);
const KEPT_TABLES = ['users', 'tokens', 'sessions', 'pairs', 'idempotency_keys', 'server_secrets'];

// The columns each table had at v2: later migrations add columns, and old rows must keep these.
const v2Columns = new Map<string, string[]>();

async function rows(client: Client, table: string): Promise<string> {
  const result = await client.execute(`SELECT * FROM "${table}" ORDER BY 1`);
  if (!v2Columns.has(table)) v2Columns.set(table, result.columns);
  return JSON.stringify(result.rows.map((row) => v2Columns.get(table)!.map((c) => row[c])));
}

describe('migration v3 on a database made at schema v2', () => {
  let dir: string;
  let url: string;
  let before2: Record<string, string>;
  let client: Client;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cowork-v3-'));
    copyFileSync(FIXTURE, join(dir, 'cowork.db'));
    url = pathToFileURL(join(dir, 'cowork.db')).href;
    client = createClient({ url });
    before2 = Object.fromEntries(await Promise.all(KEPT_TABLES.map(async (t) => [t, await rows(client, t)] as const)));
  });
  after(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps every old row, leaves no throttle row keyed by an email and lets old accounts log in', async () => {
    const db = await Database.open({ url });
    try {
      for (const table of KEPT_TABLES) assert.equal(await rows(client, table), before2[table], table);
      const versions = (await client.execute('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => Number(r.version));
      assert.deepEqual(versions.slice(0, 3), [1, 2, 3]);
      const notBefore = await client.execute('SELECT DISTINCT credentials_not_before AS n FROM users');
      assert.deepEqual(notBefore.rows.map((r) => Number(r.n)), [0]);
      // v3 carried the per-email failure into the account ceiling under the email; v15 drops every
      // throttle row keyed by an email (migration-v15.test.ts), so none is left by the end.
      const carried = await client.execute(`SELECT key FROM rate_limits WHERE bucket = 'login-account'`);
      assert.deepEqual(carried.rows, []);
      const gone = await client.execute(`SELECT name FROM sqlite_master WHERE name = 'login_failures'`);
      assert.equal(gone.rows.length, 0);

      const app = createApp({ db, clock: { now: () => new Date('2030-01-07T12:00:00Z') } });
      const login = await app.request('/v1/tokens', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob.2@example.org', password: 'correct horse battery' }),
      });
      assert.equal(login.status, 201);
    } finally {
      db.close();
    }
  });
});
