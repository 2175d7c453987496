import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InArgs } from '@libsql/client';
import { deleteAccount } from '../../api/storage/accounts.js';
import { bookSession } from '../../api/storage/booking.js';
import { DEFAULT_LIMITS } from '../../api/config/limits.js';
import { suspend } from '../../api/storage/moderation.js';
import { createRoutine } from '../../api/storage/routines.js';
import { recordingDatabase, wholeTableScans } from '../helpers/query-plans.js';
import { createHarness, type Harness } from './harness.js';
import { introduce, people } from './matching-helpers.js';

/** Same rule as matching-query-plans.test.ts for a person leaving: a suspension or a deletion reads through indexes only. */
describe('query plans of suspending and deleting an account', () => {
  let h: Harness;
  let statements: Map<string, InArgs>;

  before(async () => {
    h = await createHarness();
    const { recording: db, statements: recorded } = recordingDatabase(h.db);
    statements = recorded;
    const [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
    await introduce(h, ada, bob);
    await introduce(h, cy, bob);
    const now = h.clock.now();
    const booking = (userId: string, hour: number, partnerId: string | null = null) => bookSession(db, {
      userId, start: new Date(`2030-01-08T${String(hour).padStart(2, '0')}:00:00Z`), duration: 50, task: 'a task', activity: null, quiet: null, partnerId,
    }, now, DEFAULT_LIMITS);
    await booking(bob.id, 9, ada.id);
    await booking(bob.id, 10, cy.id);
    await booking(ada.id, 11);
    await createRoutine(db, ada.id, { days: ['mon'], time: '09:00', duration: 50, timezone: 'UTC', task: 'x', activity: null, quiet: null, horizonDays: 14 }, now, 30);
    await suspend(db, cy.id, 'spam', now);
    await deleteAccount(db, ada.id, now);
  });
  after(() => h.close());

  test('no statement of a suspension or an account deletion scans a whole table', async () => {
    assert.ok(statements.size > 15, `recorded ${statements.size} statements`);
    assert.deepEqual(await wholeTableScans(h.db, statements), []);
  });
});
