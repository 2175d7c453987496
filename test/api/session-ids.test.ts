import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newTimeOrderedId } from '../../api/accounts/secrets.js';
import { bookSession } from '../../api/storage/booking.js';
import { Database } from '../../api/storage/engine/database.js';
import { cancelSession, getSession, listSessions } from '../../api/storage/sessions.js';
import { copySchemaV2 } from '../helpers/schema-v2-copy.js';

const TIME_ORDERED = /^[0-9a-f]{24}$/;

test('session and pair ids follow the clock: 24 hex digits, the creation millisecond first, never repeating', async () => {
  const before = Date.now();
  const ids = Array.from({ length: 20_000 }, () => newTimeOrderedId());
  const after = Date.now();
  for (const id of ids) {
    assert.match(id, TIME_ORDERED);
    const made = parseInt(id.slice(0, 12), 16);
    assert.ok(made >= before && made <= after, `${id} was made between ${before} and ${after}`);
  }
  assert.equal(new Set(ids).size, ids.length);
  await new Promise((resolve) => setTimeout(resolve, 2));
  const later = newTimeOrderedId();
  assert.ok(ids.every((id) => id < later), 'an id made in a later millisecond sorts after every earlier one');
});

test('a schema-v2 database keeps its 16-digit session ids working beside the new ones: read, paired, listed and cancelled', async () => {
  const copy = copySchemaV2('session-ids');
  const db = await Database.open({ url: copy.url });
  try {
    const ada = '51828d334dc4d992';
    const bob = '757d6e5a9e917751';
    const bobWaiting = '1ca0e80c1f35e555'; // Bob's waiting session of 2030-01-09T12:00Z, made by the previous release
    const now = new Date('2030-01-07T10:00:00Z');

    const booked = await bookSession(db, {
      userId: ada, start: new Date(1894093200000), duration: 50, task: null, activity: null, quiet: null, partnerId: null,
    }, now, { maxUpcoming: 30 });
    assert.match(booked.session.id, TIME_ORDERED);
    assert.equal(booked.session.status, 'matched');
    assert.deepEqual(booked.session.partner, { id: bob, name: 'Bob' });

    const pair = (await copy.client.execute('SELECT id, session_a, session_b FROM pairs WHERE ? IN (session_a, session_b) AND dissolved_at IS NULL', [bobWaiting])).rows;
    assert.equal(pair.length, 1);
    assert.match(String(pair[0]!.id), TIME_ORDERED);
    assert.deepEqual([pair[0]!.session_a, pair[0]!.session_b], [bobWaiting, booked.session.id]);

    const bobs = await getSession(db, bob, bobWaiting, now);
    assert.equal(bobs.status, 'matched');
    assert.deepEqual(bobs.partner, { id: ada, name: 'Ada' });
    assert.deepEqual((await getSession(db, ada, booked.session.id, now)).partner, { id: bob, name: 'Bob' });

    const listed = await listSessions(db, ada, { from: now, to: null, statuses: ['waiting', 'matched'], limit: 20, after: null }, now);
    assert.deepEqual(listed.sessions.map((session) => session.id), ['ebc8aa1809188f76', booked.session.id]);

    assert.equal((await cancelSession(db, bob, bobWaiting, now)).status, 'cancelled');
    const adas = await getSession(db, ada, booked.session.id, now);
    assert.equal(adas.status, 'waiting');
    assert.equal(adas.partner, null);
    assert.equal(String((await copy.client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    db.close();
    copy.remove();
  }
});
