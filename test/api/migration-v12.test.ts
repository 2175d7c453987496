import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';
import { copyFixture, copySchemaV2, keptRows } from '../helpers/schema-v2-copy.js';

test('migration v12 upgrades a schema-v2 database: old rows stay, and revoking a token or renaming someone moves the credential generation', async () => {
  const copy = copySchemaV2('v12');
  const { url, client } = copy;
  try {
    const before = await copy.v2Rows();
    const token = (await client.execute('SELECT hash, user_id FROM tokens LIMIT 1')).rows[0];
    assert.ok(token, 'the fixture has a token');

    const db = await Database.open({ url });
    try {
      assert.equal(await copy.v2Rows(), before);
      const generation = async () => Number((await client.execute('SELECT generation FROM credential_changes')).rows[0]!.generation);
      assert.equal(await generation(), 0);
      await db.write((tx) => tx.run('UPDATE users SET name = ? WHERE id = ?', ['Renamed', String(token.user_id)]));
      assert.equal(await generation(), 1);
      await db.write((tx) => tx.run('UPDATE sessions SET task = ? WHERE user_id = ?', ['unrelated', String(token.user_id)]));
      assert.equal(await generation(), 1, 'a change to a session is no change to a credential');
      await db.write((tx) => tx.run('DELETE FROM tokens WHERE hash = ?', [String(token.hash)]));
      assert.equal(await generation(), 2);
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(12), `schema_migrations lists 12: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});

// Made by the release before v12 (commit 68c93a9, schema v11) through its own API, with the clock at
// 2030-01-07T09:00Z: Ada (two tokens) and Bob paired at 14:00, Cy waiting the next day and then
// logged out, and Bob's weekday routine. The raw tokens are the fixture's, kept here to sign in with.
const V11_FIXTURE = new URL('./fixtures/schema-v11.db', import.meta.url);
const ADA = 'cwk_gYQAClK1R980RknomLzUnrbQE_lzkBrlEv2NNDeQkmw';
const ADA_LAPTOP = 'cwk_eZaJj6BwFhA1-sGDVDmwk5K2QbSWO94mLvpQwQnDeoY';
const CY_LOGGED_OUT = 'cwk_37tCkW87plpmn6FKakog52maZq6SgFVwJs4qsIcOyMw';

test('a database of the previous release (schema v11) upgrades: every row stays, its tokens sign in, and a revocation after the upgrade holds', async () => {
  const copy = copyFixture(V11_FIXTURE, 'v11');
  const { url, client } = copy;
  const rowsOf = (tables: string[]) => keptRows(client, tables);
  try {
    const tables = (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations') AND name NOT LIKE 'sqlite_%'`)).rows.map((row) => String(row.name));
    const before = await rowsOf(tables);
    const db = await Database.open({ url });
    try {
      assert.equal(await rowsOf(tables), before, 'no row of any earlier table changed');
      const app = createApp({ db, clock: { now: () => new Date('2030-01-07T10:00:00Z') }, publicUrl: 'http://127.0.0.1:8787' });
      const get = (path: string, token: string) => app.request(path, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await (await get('/v1/me', ADA)).json()) as { name: string }).name, 'Ada');
      const next = (await (await get('/v1/sessions/next', ADA_LAPTOP)).json()) as { start: string; partner: { name: string } | null };
      assert.equal(next.start, '2030-01-07T14:00:00.000Z');
      assert.equal(next.partner?.name, 'Bob');
      assert.equal((await get('/v1/me', CY_LOGGED_OUT)).status, 401, 'logged out before the upgrade stays logged out');
      assert.equal((await app.request('/v1/tokens', { method: 'DELETE', headers: { authorization: `Bearer ${ADA}` } })).status, 204);
      assert.equal((await get('/v1/me', ADA_LAPTOP)).status, 401, 'log-out everywhere reaches the token kept in memory');
    } finally {
      db.close();
    }
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
