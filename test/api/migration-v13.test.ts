import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../api/app.js';
import { grantAdmin, listAdmins } from '../../api/storage/admins.js';
import { Database } from '../../api/storage/engine/database.js';
import { copyFixture, keptRows } from '../helpers/schema-v2-copy.js';

// Made by the release before v12 (schema v11) through its own API: Ada (two tokens), Bob and Cy;
// see migration-v12.test.ts. Ada's raw token is the fixture's, kept here to sign in with.
const V11_FIXTURE = new URL('./fixtures/schema-v11.db', import.meta.url);
const ADA = 'cwk_gYQAClK1R980RknomLzUnrbQE_lzkBrlEv2NNDeQkmw';
const NOW = new Date('2030-01-07T10:00:00Z');

test('a database of today\'s release (schema v11) upgrades to v13: every row stays, nobody is an admin, and a grant on it makes Ada one', async () => {
  const copy = copyFixture(V11_FIXTURE, 'v13');
  const { url, client } = copy;
  const rowsOf = (tables: string[]) => keptRows(client, tables);
  try {
    const tables = (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations') AND name NOT LIKE 'sqlite_%'`)).rows.map((row) => String(row.name));
    assert.ok(!tables.includes('admins'), 'the fixture predates the admins table');
    const before = await rowsOf(tables);
    const db = await Database.open({ url });
    try {
      assert.equal(await rowsOf(tables), before, 'no row of any earlier table changed');
      assert.deepEqual(await listAdmins(db), []);
      const app = createApp({ db, clock: { now: () => NOW }, publicUrl: 'http://127.0.0.1:8787' });
      const reports = () => app.request('/v1/admin/reports', { headers: { authorization: `Bearer ${ADA}` } });
      assert.equal((await reports()).status, 403);
      const ada = (await client.execute(`SELECT email FROM users WHERE name = 'Ada'`)).rows[0]!;
      assert.ok(await grantAdmin(db, String(ada.email).toUpperCase(), 'operator@test', NOW));
      assert.equal((await reports()).status, 200);
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(13), `schema_migrations lists 13: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
    assert.deepEqual((await client.execute('PRAGMA foreign_key_check')).rows, []);
  } finally {
    copy.remove();
  }
});
