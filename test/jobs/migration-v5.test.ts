import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Database } from '../../api/storage/engine/database.js';
import { copySchemaV2 } from '../helpers/schema-v2-copy.js';
import { takeLease } from '../../api/storage/leases.js';

test('migration v5 upgrades a schema-v2 database: old rows stay, and job leases work', async () => {
  const copy = copySchemaV2('v5');
  const { url, client } = copy;
  try {
    const before = await copy.v2Rows();
    assert.match(before, /"status":"cancelled"/, 'the fixture has a cancelled session');

    const db = await Database.open({ url });
    try {
      const now = new Date('2030-01-07T10:00:00Z');
      assert.deepEqual(await takeLease(db, 'prune', 'upgraded', now, 60_000), { dueAt: now });
    } finally {
      db.close();
    }

    assert.equal(await copy.v2Rows(), before);
    assert.equal((await client.execute('SELECT count(*) AS n FROM users')).rows[0]!.n, 3);
    const versions = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(versions.includes(5), `schema_migrations lists 5: ${versions.join(', ')}`);
    assert.equal(String((await client.execute(`SELECT holder FROM job_leases WHERE job = 'prune'`)).rows[0]!.holder), 'upgraded');
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
