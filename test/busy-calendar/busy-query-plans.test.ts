import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InArgs } from '@libsql/client';
import { DEFAULT_LIMITS } from '../../api/config/limits.js';
import { bookSession } from '../../api/storage/booking.js';
import { busyCalendarOf, dueCalendars, recordFetch, removeBusyCalendar, setBusyCalendar } from '../../api/storage/busy-calendars.js';
import type { Database } from '../../api/storage/engine/database.js';
import { openSlots } from '../../api/storage/open-slots.js';
import { recordingDatabase, wholeTableScans } from '../helpers/query-plans.js';
import { createHarness, type Harness } from '../api/harness.js';

/** The §6 growth target for busy calendars: booking's busy probe, slots, the job's reads and writes all go through an index. */
describe('query plans of the busy calendar', () => {
  let h: Harness;
  let statements: Map<string, InArgs>;
  let recording: Database;

  before(async () => {
    h = await createHarness('2030-03-04T06:00:00Z');
    ({ recording, statements } = recordingDatabase(h.db));
    const ada = await h.signUp('Ada');
    const now = h.clock.now();
    const url = 'https://calendar.example.org/ada.ics';
    await setBusyCalendar(recording, ada.id, url, now, DEFAULT_LIMITS.maxUpcoming);
    const [due] = await dueCalendars(recording, now, 16, new Set());
    const events = [{ start: new Date('2030-03-05T09:00:00Z'), end: new Date('2030-03-07T10:00:00Z'), title: 'Offsite' }];
    await recordFetch(recording, due!, { kind: 'expanded', events, etag: '"1"', expandedUntil: new Date('2030-06-04T06:00:00Z') }, now, DEFAULT_LIMITS.maxUpcoming);
    await recordFetch(recording, due!, { kind: 'failed', error: 'answered 500' }, now, DEFAULT_LIMITS.maxUpcoming);
    await busyCalendarOf(recording, ada.id, now);
    const booking = { userId: ada.id, start: new Date('2030-03-06T09:00:00Z'), duration: 50, task: null, activity: null, quiet: null, partnerId: null };
    await assert.rejects(bookSession(recording, booking, now, DEFAULT_LIMITS), /Offsite/);
    await bookSession(recording, { ...booking, ignoreBusy: true }, now, DEFAULT_LIMITS);
    await openSlots(recording, ada.id, now, new Date('2030-03-07T06:00:00Z'), null);
    await removeBusyCalendar(recording, ada.id, now, DEFAULT_LIMITS.maxUpcoming);
  });
  after(() => h.close());

  test('no statement of setting, fetching, showing or removing a busy calendar, nor booking or slots over one, scans a whole table', async () => {
    assert.ok(statements.size > 10, `recorded ${statements.size} statements`);
    assert.deepEqual(await wholeTableScans(h.db, statements), []);
  });
});
