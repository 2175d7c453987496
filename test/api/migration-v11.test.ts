import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Database } from '../../api/storage/engine/database.js';
import { copySchemaV2 } from '../helpers/schema-v2-copy.js';

test('migration v11 upgrades a schema-v2 database: old rows stay, and a rename bumps the version of the partner\'s sessions only', async () => {
  const copy = copySchemaV2('v11');
  const { url, client } = copy;
  try {
    const before = await copy.v2Rows();
    const pair = (await client.execute(
      `SELECT a.user_id AS renamed, a.id AS own, b.id AS partners FROM sessions a JOIN sessions b ON b.pair_id = a.pair_id AND b.id <> a.id LIMIT 1`,
    )).rows[0];
    assert.ok(pair, 'the fixture has a matched pair');

    const db = await Database.open({ url });
    try {
      assert.equal(await copy.v2Rows(), before);
      const version = async (id: unknown) => Number((await client.execute({ sql: 'SELECT version FROM sessions WHERE id = ?', args: [String(id)] })).rows[0]!.version);
      const [own, partners] = [await version(pair.own), await version(pair.partners)];
      await db.write((tx) => tx.run('UPDATE users SET name = ? WHERE id = ?', ['Renamed', String(pair.renamed)]));
      assert.equal(await version(pair.partners), partners + 1);
      assert.equal(await version(pair.own), own, 'the feed of the renamed person does not show their own name on events');
      await db.write((tx) => tx.run('UPDATE users SET name = name, timezone = ? WHERE id = ?', ['Europe/Paris', String(pair.renamed)]));
      assert.equal(await version(pair.partners), partners + 1, 'an unchanged name is no change');
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(11), `schema_migrations lists 11: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
