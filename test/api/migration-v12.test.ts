import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Database } from '../../api/storage/database.js';
import { copySchemaV2 } from '../helpers/schema-v2-copy.js';

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
