import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from '../../api/config/limits.js';
import { bookSession } from '../../api/storage/booking.js';
import { recordFetch, setBusyCalendar } from '../../api/storage/busy-calendars.js';
import { Database } from '../../api/storage/engine/database.js';
import { copyFixture, keptRows } from '../helpers/schema-v2-copy.js';

// Made by main at 947dda3 (schema v16); see migration-v19.test.ts.
const V16_FIXTURE = new URL('./fixtures/schema-v16-calendar.db', import.meta.url);

test('migration v20 upgrades a database of main: routine occurrences keep every row through the rebuild and may now be busy, and a busy calendar refuses a booking over its event', async () => {
  const copy = copyFixture(V16_FIXTURE, 'v20');
  const { url, client } = copy;
  try {
    const occurrences = () => keptRows(client, ['routine_occurrences'], 'routine_id, start_at');
    const before = await occurrences();
    assert.ok(JSON.parse(before)[0].length >= 10, 'the fixture holds Bob\'s routine occurrences');
    const db = await Database.open({ url });
    try {
      assert.equal(await occurrences(), before);
      const indexes = (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'routine_occurrences' AND sql IS NOT NULL`)).rows.map((row) => String(row.name));
      assert.deepEqual(indexes, ['routine_occurrences_by_start']);
      const first = JSON.parse(before)[0][0] as { routine_id: string; start_at: number };
      await db.write((tx) => tx.run(`UPDATE routine_occurrences SET outcome = 'busy' WHERE routine_id = ? AND start_at = ?`, [first.routine_id, first.start_at]));
      const now = new Date('2030-01-06T09:00:00Z');
      await setBusyCalendar(db, 'u_cy', 'https://calendar.example.org/cy.ics', now, DEFAULT_LIMITS.maxUpcoming);
      const calendar = { userId: 'u_cy', url: 'https://calendar.example.org/cy.ics', etag: null, expandedUntil: null, timezone: 'Europe/Berlin' };
      await recordFetch(db, calendar, { kind: 'expanded', events: [{ start: new Date('2030-01-08T09:00:00Z'), end: new Date('2030-01-08T10:00:00Z'), title: 'Dentist' }], etag: '"e1"', expandedUntil: new Date('2030-04-08T09:00:00Z') }, now, DEFAULT_LIMITS.maxUpcoming);
      const booking = { userId: 'u_cy', start: new Date('2030-01-08T09:15:00Z'), duration: 25, task: null, activity: null, quiet: null, partnerId: null };
      await assert.rejects(bookSession(db, booking, now, DEFAULT_LIMITS), /"Dentist"/);
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(20), `schema_migrations lists 20: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
    assert.deepEqual((await client.execute('PRAGMA foreign_key_check')).rows, []);
  } finally {
    copy.remove();
  }
});
