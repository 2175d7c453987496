import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { createClient } from '@libsql/client';
import { Database } from '../../api/storage/database.js';
import { takeLease } from '../../api/storage/leases.js';

const FIXTURE = new URL('../api/fixtures/schema-v2.db', import.meta.url);

test('migration v5 upgrades a schema-v2 database: old rows stay, and job leases work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-v5-'));
  const url = pathToFileURL(join(dir, 'cowork.db')).href;
  copyFileSync(FIXTURE, join(dir, 'cowork.db'));
  const client = createClient({ url });
  try {
    // Columns that v1 and v2 made, which no later migration may change.
    const oldRows = [
      'SELECT id, name, email, password_hash FROM users ORDER BY id',
      'SELECT hash, user_id FROM tokens ORDER BY hash',
      'SELECT id, room, session_a, session_b, dissolved_at FROM pairs ORDER BY id',
      'SELECT id, user_id, start_at, duration, status, pair_id, cancelled_at FROM sessions ORDER BY id',
      'SELECT user_id, key, request_hash, body, created_at FROM idempotency_keys ORDER BY key',
      'SELECT name, value FROM server_secrets ORDER BY name',
    ];
    const dump = async () => JSON.stringify(await Promise.all(oldRows.map(async (sql) => (await client.execute(sql)).rows)));
    const before = await dump();
    assert.match(before, /"status":"cancelled"/, 'the fixture has a cancelled session');

    const db = await Database.open({ url });
    try {
      const now = new Date('2030-01-07T10:00:00Z');
      assert.deepEqual(await takeLease(db, 'prune', 'upgraded', now, 60_000), { dueAt: now });
    } finally {
      db.close();
    }

    assert.equal(await dump(), before);
    assert.equal((await client.execute('SELECT count(*) AS n FROM users')).rows[0]!.n, 3);
    const versions = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(versions.includes(5), `schema_migrations lists 5: ${versions.join(', ')}`);
    assert.equal(String((await client.execute(`SELECT holder FROM job_leases WHERE job = 'prune'`)).rows[0]!.holder), 'upgraded');
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
