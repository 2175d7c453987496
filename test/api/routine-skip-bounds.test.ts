import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { pruneOnce } from '../../api/jobs/prune.js';
import { rollRoutinesOnce } from '../../api/jobs/roll-routines.js';
import { createHarness, json, snapshot, type Harness } from './harness.js';

/** What one person's skips may grow to (SPEC §16): 400 days ahead at most, a range each, not a row per day. */
const DAILY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_MS = 86_400_000;
const T0 = '2030-01-07T06:00:00.000Z'; // a Monday

describe('bounds of routine skips', () => {
  let h: Harness;
  let ada: { id: string; token: string };
  beforeEach(async () => {
    h = await createHarness(T0);
    ada = await h.signUp('Ada');
  });
  afterEach(() => h.close());

  const addRoutine = async (days = DAILY, horizonDays = 14) =>
    json(await h.request('POST', '/v1/routines', { token: ada.token, body: { days, time: '09:00', duration: 50, timezone: 'UTC', horizonDays } }));
  const skip = (id: string, from: string, to: string) => h.request('POST', `/v1/routines/${id}/skip`, { token: ada.token, body: { from, to } });
  const unskip = (id: string, from: string, to: string) =>
    h.request('DELETE', `/v1/routines/${id}/skip?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: ada.token });
  const count = async (table: string) => Number((await h.inspect().execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n);
  const day = (offset: number) => new Date(Date.parse('2030-01-07T00:00:00Z') + offset * DAY_MS).toISOString();
  const liveStarts = async (routineId: string) => (await h.inspect().execute({
    sql: `SELECT start_at FROM sessions WHERE routine_id = ? AND status IN ('waiting', 'matched') ORDER BY start_at`, args: [routineId],
  })).rows.map((row) => new Date(Number(row.start_at)).toISOString().slice(0, 10));

  test('500 skips over the years 3000 to 3099 are refused, naming the rule and the latest end, and write nothing', async () => {
    const routine = await addRoutine();
    const before = await snapshot(h.inspect());
    for (let i = 0; i < 500; i += 1) {
      const from = new Date(Date.UTC(3000 + Math.floor(i / 5), (i % 5) * 2, 1));
      const answer = await skip(routine.id, from.toISOString(), new Date(from.getTime() + 40 * DAY_MS).toISOString());
      assert.equal(answer.status, 422);
      const problem = await json(answer);
      assert.equal(problem.type, 'urn:cowork:problem:skip-too-far');
      assert.equal(problem.latestEnd, new Date(Date.parse(T0) + 400 * DAY_MS).toISOString());
      assert.match(problem.detail, /at most 400 days ahead/);
    }
    assert.equal(await snapshot(h.inspect()), before);
    assert.equal((await skip(routine.id, day(390), day(400).replace('T00:00', 'T06:00'))).status, 200, 'a skip ending exactly 400 days ahead is allowed');
  });

  test('skipping every day of a year, one call a day, keeps one range and books nothing there, roll after roll', async () => {
    const routine = await addRoutine();
    const occurrencesBefore = await count('routine_occurrences');
    for (let offset = 1; offset <= 365; offset += 1) assert.equal((await skip(routine.id, day(offset), day(offset + 1))).status, 200);
    assert.equal(await count('routine_skips'), 1);
    assert.ok(await count('routine_occurrences') <= occurrencesBefore, 'no row per skipped day');
    assert.deepEqual(await liveStarts(routine.id), ['2030-01-07']);
    for (let step = 0; step < 10; step += 1) {
      h.clock.advance(30 * 24 * 60);
      await rollRoutinesOnce(h.db, h.clock.now(), 30);
    }
    assert.deepEqual(await liveStarts(routine.id), ['2030-01-07'], 'nothing booked inside the year');
  });

  test('lifting a week in the middle splits the range in two, and those days are booked when the horizon reaches them', async () => {
    const routine = await addRoutine(DAILY, 7);
    assert.equal((await skip(routine.id, day(1), day(60))).status, 200);
    const lifted = await json(await unskip(routine.id, day(30), day(37)));
    assert.equal(lifted.lifted.length, 7);
    const ranges = (await h.inspect().execute('SELECT from_at, to_at FROM routine_skips ORDER BY from_at')).rows
      .map((row) => [new Date(Number(row.from_at)).toISOString(), new Date(Number(row.to_at)).toISOString()]);
    assert.deepEqual(ranges, [[day(1), day(30)], [day(37), day(60)]]);
    h.clock.set(day(30));
    await rollRoutinesOnce(h.db, h.clock.now(), 30);
    assert.deepEqual((await liveStarts(routine.id)).slice(1), ['2030-02-06', '2030-02-07', '2030-02-08', '2030-02-09', '2030-02-10', '2030-02-11', '2030-02-12']);
  });

  test('a weekday routine\'s Friday and next Monday skips are one range: no occurrence lies between them', async () => {
    const routine = await addRoutine(['mon', 'tue', 'wed', 'thu', 'fri']);
    await skip(routine.id, day(4), day(5));
    await skip(routine.id, day(7), day(8));
    assert.equal(await count('routine_skips'), 1);
    await skip(routine.id, day(9), day(10));
    assert.equal(await count('routine_skips'), 2, 'Tuesday the 15th is still booked, so Wednesday\'s skip is a range of its own');
  });

  test('a skip over no occurrence keeps nothing, and ranges wholly past are pruned', async () => {
    const routine = await addRoutine(['mon']);
    assert.equal((await skip(routine.id, day(1), day(6))).status, 200);
    assert.equal(await count('routine_skips'), 0);
    await skip(routine.id, day(7), day(8));
    h.clock.set(day(9));
    await pruneOnce(h.db, h.clock.now());
    assert.equal(await count('routine_skips'), 0);
  });

  test('a skip or a lift with from=abc is a 400 naming from, not a 500, and nothing is written', async () => {
    const routine = await addRoutine();
    const before = await snapshot(h.inspect());
    const skipped = await h.request('POST', `/v1/routines/${routine.id}/skip`, { token: ada.token, body: { from: 'abc', to: day(3) } });
    assert.equal(skipped.status, 400);
    assert.deepEqual((await json(skipped)).errors.map((error: { path: string }) => error.path), ['from']);
    const lifted = await h.request('DELETE', `/v1/routines/${routine.id}/skip?from=abc&to=${encodeURIComponent(day(3))}`, { token: ada.token });
    assert.equal(lifted.status, 400);
    assert.deepEqual((await json(lifted)).errors.map((error: { path: string }) => error.path), ['from']);
    assert.equal(await snapshot(h.inspect()), before);
  });
});
