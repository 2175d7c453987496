import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InArgs } from '@libsql/client';
import type { Database, WriteTx } from '../../api/storage/database.js';
import { rollRoutineById, routinesToRoll } from '../../api/storage/routine-booking.js';
import { createRoutine, deleteRoutine, getRoutine, listRoutines, skipRange, updateRoutine } from '../../api/storage/routines.js';
import { createHarness, type Harness } from './harness.js';

/** Same rule as matching-query-plans.test.ts: every statement of routines finds its rows through an index. */
const FLAT = /^(SEARCH|CORRELATED|USE TEMP B-TREE|SCALAR SUBQUERY|SCAN (\d+ )?CONSTANT ROWS?|MATERIALIZE|LIST SUBQUERY|CO-ROUTINE|SCAN \(subquery)/;

describe('query plans of routines', () => {
  let h: Harness;
  const statements = new Map<string, InArgs>();

  before(async () => {
    h = await createHarness();
    const record = <T extends { all: WriteTx['all']; get: WriteTx['get'] }>(target: T): T => ({
      ...target,
      all: (sql: string, args?: InArgs) => (statements.set(sql, args ?? []), target.all(sql, args)),
      get: (sql: string, args?: InArgs) => (statements.set(sql, args ?? []), target.get(sql, args)),
      run: (sql: string, args?: InArgs) => (statements.set(sql, args ?? []), (target as unknown as WriteTx).run(sql, args)),
    });
    const db = {
      all: (sql: string, args?: InArgs) => (statements.set(sql, args ?? []), h.db.all(sql, args)),
      get: (sql: string, args?: InArgs) => (statements.set(sql, args ?? []), h.db.get(sql, args)),
      write: <T>(work: (tx: WriteTx) => Promise<T>) => h.db.write((tx) => work(record(tx))),
    } as unknown as Database;
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
    await deleteRoutine(db, ada.id, routine.id, true, later);
  });
  after(() => h.close());

  test('no statement of creating, rolling, listing, pausing, skipping or deleting routines scans a whole table', async () => {
    assert.ok(statements.size > 10, `recorded ${statements.size} statements`);
    const scans: string[] = [];
    for (const [sql, args] of statements) {
      for (const row of await h.db.all(`EXPLAIN QUERY PLAN ${sql}`, args)) {
        if (!FLAT.test(String(row.detail))) scans.push(`${String(row.detail)}\n  in: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
    }
    assert.deepEqual(scans, []);
  });
});
