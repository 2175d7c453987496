import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pruneOnce } from '../../api/jobs/prune.js';
import { Database } from '../../api/storage/engine/database.js';
import { eventsOfAfter, latestEventId, prunedThrough } from '../../api/storage/events.js';
import { emit } from '../../api/storage/outbox.js';
import { copyFixture } from '../helpers/schema-v2-copy.js';

// Made by `cowork serve` of the release before v17 (schema v16): Ada (a webhook for every event)
// and Bob, matched in two sessions, Ada's two `session.matched` webhook events still queued.
const V16_FIXTURE = new URL('./fixtures/schema-v16.db', import.meta.url);

test('migration v17 upgrades a database of the previous release: an event log starts empty beside the queued webhooks, every event lands in it whether or not a webhook listens, with the webhook\'s body, and the prune job empties it after 24 hours', async () => {
  const copy = copyFixture(V16_FIXTURE, 'v17');
  const { url, client } = copy;
  try {
    const people = Object.fromEntries((await client.execute('SELECT id, name FROM users')).rows.map((row) => [String(row.name).split(' ')[0]!, String(row.id)]));
    const queuedBefore = (await client.execute(`SELECT event_id, body FROM webhook_events ORDER BY seq`)).rows.map((row) => [String(row.event_id), String(row.body)]);
    assert.equal(queuedBefore.length, 2, 'the fixture holds Ada\'s two queued events');
    const db = await Database.open({ url });
    try {
      assert.equal(await latestEventId(db), 0, 'nothing is invented for what happened before');
      const now = new Date('2030-01-07T09:00:00Z');
      const skip = { routineId: 'rt_1', start: '2030-01-08T09:00:00.000Z', reason: 'limit' };
      await db.write(async (tx) => {
        await emit(tx, people.Ada!, 'routine.skipped', skip, now);
        await emit(tx, people.Bob!, 'routine.skipped', skip, now);
      });
      const ada = await eventsOfAfter(db, people.Ada!, 0, 10);
      const bob = await eventsOfAfter(db, people.Bob!, 0, 10);
      assert.deepEqual([ada.length, bob.length], [1, 1], 'one row each, Bob without any webhook too');
      assert.ok(bob[0]!.id > ada[0]!.id, 'ids grow in commit order');
      const queued = (await client.execute(`SELECT body FROM webhook_events WHERE event_id NOT IN (?, ?)`, [queuedBefore[0]![0]!, queuedBefore[1]![0]!])).rows;
      assert.deepEqual(queued.map((row) => String(row.body)), [ada[0]!.body], 'Ada\'s webhook queues the very body her log keeps');
      assert.deepEqual(JSON.parse(bob[0]!.body).data, skip);
      assert.deepEqual((await client.execute(`SELECT event_id, body FROM webhook_events ORDER BY seq LIMIT 2`)).rows.map((row) => [String(row.event_id), String(row.body)]), queuedBefore);

      await pruneOnce(db, new Date(now.getTime() + 23 * 3_600_000));
      assert.equal((await eventsOfAfter(db, people.Ada!, 0, 10)).length, 1, 'kept for 24 hours');
      const pruned = await pruneOnce(db, new Date(now.getTime() + 24 * 3_600_000 + 1));
      assert.equal(pruned.events, 2);
      assert.equal((await eventsOfAfter(db, people.Bob!, 0, 10)).length, 0);
      assert.equal(await prunedThrough(db), bob[0]!.id, 'a client whose last id is older is told to reset');
      assert.equal(await latestEventId(db), bob[0]!.id, 'ids are never given twice, even with the table empty');
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(17), `schema_migrations lists 17: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
