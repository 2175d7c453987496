import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createClient, type Client } from '@libsql/client';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/database.js';

const FIXTURE = new URL('./fixtures/schema-v2.db', import.meta.url);
const KEPT = ['SELECT id, name, email, password_hash, timezone, created_at FROM users', 'SELECT seq, id, user_id, start_at, end_at, duration, status, pair_id, task, created_at, cancelled_at, late_cancel FROM sessions', 'SELECT * FROM pairs', 'SELECT * FROM tokens'];

const snapshot = async (client: Client) =>
  JSON.stringify(await Promise.all(KEPT.map(async (sql) => (await client.execute(`${sql} ORDER BY 1`)).rows)));

describe('migration v7 on a database made at schema v2', () => {
  let dir: string;
  let url: string;
  let client: Client;
  let old: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cowork-v7-'));
    copyFileSync(FIXTURE, join(dir, 'cowork.db'));
    url = pathToFileURL(join(dir, 'cowork.db')).href;
    client = createClient({ url });
    old = await snapshot(client);
  });
  after(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps every old row, nobody starts suspended or deleted, and old accounts log in', async () => {
    const db = await Database.open({ url });
    try {
      assert.equal(await snapshot(client), old);
      const versions = (await client.execute('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version));
      assert.ok(versions.includes(7));
      const flagged = await client.execute('SELECT COUNT(*) AS n FROM users WHERE suspended_at IS NOT NULL OR deleted_at IS NOT NULL');
      assert.equal(Number(flagged.rows[0]!.n), 0);
      for (const table of ['invites', 'reports']) {
        assert.equal(Number((await client.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n), 0, table);
      }
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
