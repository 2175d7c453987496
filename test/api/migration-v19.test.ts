import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from '../../api/config/limits.js';
import { bookSession } from '../../api/storage/booking.js';
import { Database } from '../../api/storage/engine/database.js';
import { updateSettings } from '../../api/storage/preferences.js';
import { copyFixture } from '../helpers/schema-v2-copy.js';

// Made by main at 947dda3 (schema v16): three people, a matched pair, Cy's quiet desk session waiting, and Bob's weekday routine.
const V16_FIXTURE = new URL('./fixtures/schema-v16-calendar.db', import.meta.url);

test('migration v19 upgrades a database of main: every person and session names no language, an old waiting session pairs with a booking that names one, and a change of languages reaches cached credentials', async () => {
  const copy = copyFixture(V16_FIXTURE, 'v19');
  const { url, client } = copy;
  try {
    const db = await Database.open({ url });
    try {
      const languages = async (table: string) => [...new Set((await client.execute(`SELECT languages FROM ${table}`)).rows.map((row) => String(row.languages)))];
      assert.deepEqual(await languages('users'), ['[]']);
      assert.deepEqual(await languages('sessions'), ['[]']);
      const now = new Date('2030-01-06T09:00:00Z');
      const generation = async () => Number((await client.execute('SELECT generation FROM credential_changes')).rows[0]!.generation);
      const before = await generation();
      const ada = await updateSettings(db, 'u_ada', { languages: ['de', 'en'], quiet: true, activity: 'desk' }, now);
      assert.deepEqual(ada.languages, ['de', 'en']);
      assert.ok((await generation()) > before, 'a change of languages invalidates the credentials servers keep');
      const { session } = await bookSession(db, { userId: 'u_ada', start: new Date('2030-01-07T11:00:00Z'), duration: 50, task: null, activity: null, quiet: null, partnerId: null }, now, DEFAULT_LIMITS);
      assert.equal(session.status, 'matched', 'Cy\'s session booked before v19 names no language');
      assert.deepEqual([session.partner?.name, session.languages], ['Cy', ['de', 'en']]);
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(19), `schema_migrations lists 19: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
