import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Database } from '../../api/storage/engine/database.js';
import { dueEvents } from '../../api/storage/webhook-queue.js';
import { copyFixture } from '../helpers/schema-v2-copy.js';

// Made by the release before v12 (schema v11); see migration-v12.test.ts.
const V11_FIXTURE = new URL('./fixtures/schema-v11.db', import.meta.url);

test('migration v16 upgrades a database of the previous release: webhooks with queued events are due from their oldest pending one, and the triggers keep that true', async () => {
  const copy = copyFixture(V11_FIXTURE, 'v16');
  const { url, client } = copy;
  try {
    const user = String((await client.execute('SELECT id FROM users ORDER BY id LIMIT 1')).rows[0]!.id);
    await client.batch([
      { sql: `INSERT INTO webhooks (id, user_id, url, secret, events, created_at) VALUES ('wh_busy', ?, 'http://127.0.0.1:9/a', 's', '[]', 0), ('wh_idle', ?, 'http://127.0.0.1:9/b', 's', '[]', 0)`, args: [user, user] },
      `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at, finished_at) VALUES
        ('evt_1', 'wh_busy', 'ping', '{}', 100, 'pending', 300, NULL),
        ('evt_2', 'wh_busy', 'ping', '{}', 100, 'pending', 200, NULL),
        ('evt_3', 'wh_busy', 'ping', '{}', 100, 'delivered', 100, 150),
        ('evt_4', 'wh_idle', 'ping', '{}', 100, 'failed', 100, 150)`,
    ], 'write');
    const db = await Database.open({ url });
    try {
      const dueAt = async () => Object.fromEntries((await client.execute('SELECT id, due_at, served_at FROM webhooks ORDER BY id')).rows.map((row) => [String(row.id), [row.due_at === null ? null : Number(row.due_at), Number(row.served_at)]]));
      assert.deepEqual(await dueAt(), { wh_busy: [200, 0], wh_idle: [null, 0] });
      assert.deepEqual((await dueEvents(db, new Date(250), 10, 5)).map((event) => event.eventId), ['evt_2'], 'only what is due, through the new index');
      await db.write((tx) => tx.run(`UPDATE webhook_events SET state = 'delivered' WHERE event_id = 'evt_2'`));
      await db.write((tx) => tx.run(`INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at) VALUES ('evt_5', 'wh_idle', 'ping', '{}', 400, 'pending', 400)`));
      assert.deepEqual(await dueAt(), { wh_busy: [300, 0], wh_idle: [400, 0] });
      await db.write((tx) => tx.run(`DELETE FROM webhook_events WHERE event_id IN ('evt_1', 'evt_5')`));
      assert.deepEqual(await dueAt(), { wh_busy: [null, 0], wh_idle: [null, 0] });
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(16), `schema_migrations lists 16: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
