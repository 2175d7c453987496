import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Database } from '../../api/storage/engine/database.js';
import { copySchemaV2 } from '../helpers/schema-v2-copy.js';
import { calendarToken, feedFor } from '../../api/storage/calendar.js';
import { emit } from '../../api/storage/outbox.js';

test('migration v9 upgrades a schema-v2 database: old rows stay, sessions get version 0, and the outbox and feed work on them', async () => {
  const copy = copySchemaV2('v9');
  const { url, client } = copy;
  try {
    const before = await copy.v2Rows();
    const sessions = (await client.execute('SELECT id, user_id, status FROM sessions ORDER BY seq')).rows;
    assert.ok(sessions.length > 0, 'the fixture has sessions');

    const db = await Database.open({ url });
    try {
      assert.equal(await copy.v2Rows(), before);
      const versions = await client.execute('SELECT DISTINCT version, starting_announced FROM sessions');
      assert.deepEqual(versions.rows.map((row) => [Number(row.version), Number(row.starting_announced)]), [[0, 0]]);

      const userId = String(sessions[0]!.user_id);
      const now = new Date('2030-01-07T10:00:00Z');
      await db.write((tx) => tx.run(`INSERT INTO webhooks (id, user_id, url, secret, events, created_at) VALUES ('wh_1', ?, 'https://example.org', 's', '["session.cancelled"]', 0)`, [userId]));
      await db.write((tx) => emit(tx, userId, 'session.cancelled', { session: null }, now));
      assert.equal(Number((await client.execute(`SELECT count(*) AS n FROM webhook_events WHERE state = 'pending'`)).rows[0]!.n), 1);

      await db.write((tx) => tx.run('UPDATE sessions SET task = ? WHERE id = ?', ['after the upgrade', String(sessions[0]!.id)]));
      assert.equal(Number((await client.execute('SELECT version FROM sessions WHERE id = ?', [String(sessions[0]!.id)])).rows[0]!.version), 1);
      const token = await calendarToken(db, 'key', userId, now);
      const startAt = Number((await client.execute('SELECT start_at FROM sessions WHERE id = ?', [String(sessions[0]!.id)])).rows[0]!.start_at);
      const feed = await feedFor(db, token, new Date(startAt));
      assert.ok(feed?.sessions.some((session) => session.id === String(sessions[0]!.id) && session.version === 1));
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(9), `schema_migrations lists 9: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
