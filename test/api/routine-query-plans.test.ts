import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InArgs } from '@libsql/client';
import { rollRoutineById, routinesToRoll } from '../../api/storage/routine-booking.js';
import { skipRange, unskipRange } from '../../api/storage/routine-skips.js';
import { createRoutine, deleteRoutine, getRoutine, listRoutines, updateRoutine } from '../../api/storage/routines.js';
import { recordingDatabase, wholeTableScans } from '../helpers/query-plans.js';
import { createHarness, type Harness } from './harness.js';

/** Same rule as matching-query-plans.test.ts: every statement of routines finds its rows through an index. */

describe('query plans of routines', () => {
  let h: Harness;
  let statements: Map<string, InArgs>;

  before(async () => {
    h = await createHarness();
    const { recording: db, statements: recorded } = recordingDatabase(h.db);
    statements = recorded;
    const ada = await h.signUp('Ada');
    const now = h.clock.now();
    const input = { days: ['mon' as const, 'tue' as const], time: '09:00', duration: 50, timezone: 'Europe/Berlin', task: null, activity: null, quiet: null, horizonDays: 14 };
    const routine = await createRoutine(db, ada.id, input, now, 30);
    await listRoutines(db, ada.id, now);
    await getRoutine(db, ada.id, routine.id, now);
    await updateRoutine(db, ada.id, routine.id, { paused: true, task: 'x' }, now, 30);
    await updateRoutine(db, ada.id, routine.id, { paused: false }, now, 30);
    const later = new Date(now.getTime() + 2 * 86_400_000);
    await routinesToRoll(db, later, 50);
    await rollRoutineById(db, routine.id, later, 30);
    await skipRange(db, ada.id, routine.id, { from: later, to: new Date(later.getTime() + 7 * 86_400_000) }, later);
    await unskipRange(db, ada.id, routine.id, { from: later, to: new Date(later.getTime() + 3 * 86_400_000) }, later, 30);
    await deleteRoutine(db, ada.id, routine.id, true, later);
  });
  after(() => h.close());

  test('no statement of creating, rolling, listing, pausing, skipping, lifting a skip or deleting routines scans a whole table', async () => {
    assert.ok(statements.size > 10, `recorded ${statements.size} statements`);
    assert.deepEqual(await wholeTableScans(h.db, statements), []);
  });
});
