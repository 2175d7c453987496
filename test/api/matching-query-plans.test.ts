import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InArgs } from '@libsql/client';
import { DEFAULT_LIMITS } from '../../api/config/limits.js';
import type { Database } from '../../api/storage/engine/database.js';
import { declineMatch } from '../../api/storage/declines.js';
import { openSlots } from '../../api/storage/open-slots.js';
import { addBlock, addFavorite, listPartners, removeBlock, updateSettings } from '../../api/storage/preferences.js';
import { bookSession } from '../../api/storage/booking.js';
import { cancelSession, nextSession } from '../../api/storage/sessions.js';
import { recordingDatabase, wholeTableScans } from '../helpers/query-plans.js';
import { createHarness, type Harness } from './harness.js';
import { introduce, people } from './matching-helpers.js';

/** The §6 growth target: every statement of booking and matching finds its rows through an index. */
describe('query plans of booking and matching', () => {
  let h: Harness;
  let statements: Map<string, InArgs>;
  let recording: Database;

  before(async () => {
    h = await createHarness();
    ({ recording, statements } = recordingDatabase(h.db));

    const [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
    await introduce(h, ada, bob);
    await introduce(h, ada, cy);
    const now = h.clock.now();
    const slot = (hour: number) => new Date(`2030-01-08T${String(hour).padStart(2, '0')}:00:00Z`);
    const booking = (userId: string, start: Date, extra: object = {}) =>
      bookSession(recording, { userId, start, duration: 50, task: null, activity: null, quiet: null, partnerId: null, ...extra }, now, DEFAULT_LIMITS);
    await addFavorite(recording, ada.id, bob.id, now);
    await booking(bob.id, slot(9));
    const { session } = await booking(ada.id, slot(9), { activity: 'desk' });
    await declineMatch(recording, ada.id, session.id, now);
    await booking(cy.id, slot(10), { partnerId: ada.id });
    await booking(ada.id, slot(10));
    await addBlock(recording, ada.id, cy.id, now);
    await removeBlock(recording, ada.id, cy.id, now);
    await updateSettings(recording, ada.id, { matchWith: 'favorites' }, now);
    await updateSettings(recording, ada.id, { matchWith: 'anyone' }, now);
    await listPartners(recording, ada.id, 100);
    await openSlots(recording, ada.id, now, slot(23), null);
    await nextSession(recording, ada.id, now);
    await cancelSession(recording, bob.id, (await booking(bob.id, slot(12))).session.id, now);
  });
  after(() => h.close());

  test('no statement of booking, pairing, declining, blocking, favourites, partners or slots scans a whole table', async () => {
    assert.ok(statements.size > 15, `recorded ${statements.size} statements`);
    assert.deepEqual(await wholeTableScans(h.db, statements), []);
  });
});
