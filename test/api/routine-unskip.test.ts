import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { rollRoutinesOnce } from '../../api/jobs/roll-routines.js';
import { createHarness, json, snapshot, type Harness } from './harness.js';

/** `DELETE /v1/routines/{id}/skip?from&to` lifts a holiday (SPEC §9 skip, and its undo). */
const DAILY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

describe('lifting a routine\'s skip', () => {
  let h: Harness;
  let ada: { id: string; token: string };
  beforeEach(async () => {
    h = await createHarness('2030-01-07T06:00:00.000Z'); // a Monday
    ada = await h.signUp('Ada');
  });
  afterEach(() => h.close());

  const addRoutine = async (horizonDays: number) =>
    json(await h.request('POST', '/v1/routines', { token: ada.token, body: { days: DAILY, time: '09:00', duration: 50, timezone: 'UTC', horizonDays } }));
  const skip = (id: string, from: string, to: string) => h.request('POST', `/v1/routines/${id}/skip`, { token: ada.token, body: { from, to } });
  const unskip = (id: string, from: string, to: string) =>
    h.request('DELETE', `/v1/routines/${id}/skip?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: ada.token });
  /** The starts of the routine's live sessions. */
  const liveStarts = async (routineId: string) => (await h.inspect().execute({
    sql: `SELECT start_at FROM sessions WHERE routine_id = ? AND status IN ('waiting', 'matched') ORDER BY start_at`, args: [routineId],
  })).rows.map((row) => new Date(Number(row.start_at)).toISOString().slice(0, 10));

  test('books the lifted occurrences again at once, but not one the person had cancelled themselves', async () => {
    const routine = await addRoutine(7);
    const thursday = (await h.inspect().execute({ sql: `SELECT id FROM sessions WHERE routine_id = ? AND start_at = ?`, args: [routine.id, Date.parse('2030-01-10T09:00:00Z')] })).rows[0]!.id;
    assert.equal((await h.request('DELETE', `/v1/sessions/${String(thursday)}`, { token: ada.token })).status, 200);
    assert.equal((await skip(routine.id, '2030-01-09T00:00:00Z', '2030-01-12T00:00:00Z')).status, 200);
    assert.deepEqual(await liveStarts(routine.id), ['2030-01-07', '2030-01-08', '2030-01-12', '2030-01-13']);

    const answer = await unskip(routine.id, '2030-01-09T00:00:00Z', '2030-01-12T00:00:00Z');
    assert.equal(answer.status, 200);
    const body = await json(answer);
    assert.deepEqual(body.lifted, ['2030-01-09T09:00:00.000Z', '2030-01-11T09:00:00.000Z'], 'the 10th was not the skip\'s doing');
    assert.equal(body.booked.length, 2);
    assert.equal(body.routine.id, routine.id);
    assert.deepEqual(await liveStarts(routine.id), ['2030-01-07', '2030-01-08', '2030-01-09', '2030-01-11', '2030-01-12', '2030-01-13']);

    h.clock.advance(24 * 60);
    await rollRoutinesOnce(h.db, h.clock.now(), 30);
    assert.ok(!(await liveStarts(routine.id)).includes('2030-01-10'), 'the one Ada cancelled stays cancelled, roll after roll');
  });

  test('beyond the horizon, the skip is lifted now and the roll books those days when they come within it', async () => {
    const routine = await addRoutine(3);
    await skip(routine.id, '2030-01-20T00:00:00Z', '2030-01-22T00:00:00Z');
    const body = await json(await unskip(routine.id, '2030-01-21T00:00:00Z', '2030-01-25T00:00:00Z'));
    assert.deepEqual([body.lifted, body.booked], [['2030-01-21T09:00:00.000Z'], []]);
    h.clock.set('2030-01-19T06:00:00.000Z');
    await rollRoutinesOnce(h.db, h.clock.now(), 30);
    const ahead = (await liveStarts(routine.id)).filter((day) => day >= '2030-01-19');
    assert.deepEqual(ahead, ['2030-01-19', '2030-01-21'], 'the 20th is still skipped, the 21st is booked');
  });

  test('on a paused routine it books nothing until the routine is resumed', async () => {
    const routine = await addRoutine(7);
    await skip(routine.id, '2030-01-09T00:00:00Z', '2030-01-10T00:00:00Z');
    await h.request('PATCH', `/v1/routines/${routine.id}`, { token: ada.token, body: { paused: true } });
    const body = await json(await unskip(routine.id, '2030-01-09T00:00:00Z', '2030-01-10T00:00:00Z'));
    assert.deepEqual([body.lifted.length, body.booked], [1, []]);
    assert.ok(!(await liveStarts(routine.id)).includes('2030-01-09'));
    await h.request('PATCH', `/v1/routines/${routine.id}`, { token: ada.token, body: { paused: false } });
    assert.ok((await liveStarts(routine.id)).includes('2030-01-09'), 'resuming books the lifted day');
  });

  test('days already past and days never skipped are left as they were; lifting twice books nothing more', async () => {
    const routine = await addRoutine(7);
    await skip(routine.id, '2030-01-08T00:00:00Z', '2030-01-10T00:00:00Z');
    h.clock.set('2030-01-08T12:00:00.000Z');
    const first = await json(await unskip(routine.id, '2030-01-01T00:00:00Z', '2030-01-12T00:00:00Z'));
    assert.deepEqual(first.lifted, ['2030-01-09T09:00:00.000Z']);
    const again = await json(await unskip(routine.id, '2030-01-01T00:00:00Z', '2030-01-12T00:00:00Z'));
    assert.deepEqual([again.lifted, again.booked], [[], []]);
    assert.ok(!(await liveStarts(routine.id)).includes('2030-01-08'));
  });

  test('a bad range or someone else\'s routine is refused, naming the rule, and nothing is written', async () => {
    const routine = await addRoutine(7);
    await skip(routine.id, '2030-01-09T00:00:00Z', '2030-01-10T00:00:00Z');
    const bob = await h.signUp('Bob');
    const before = await snapshot(h.inspect());
    const backwards = await unskip(routine.id, '2030-01-10T00:00:00Z', '2030-01-09T00:00:00Z');
    assert.equal(backwards.status, 400);
    assert.match(JSON.stringify(await json(backwards)), /must be after from/);
    const missing = await h.request('DELETE', `/v1/routines/${routine.id}/skip?from=2030-01-09T00:00:00Z`, { token: ada.token });
    assert.equal(missing.status, 400);
    const tooLong = await unskip(routine.id, '2030-01-09T00:00:00Z', '2031-02-09T00:00:00Z');
    assert.match(JSON.stringify(await json(tooLong)), /at most 366 days/);
    const notYours = await h.request('DELETE', `/v1/routines/${routine.id}/skip?from=2030-01-09T00:00:00Z&to=2030-01-10T00:00:00Z`, { token: bob.token });
    assert.equal(notYours.status, 404);
    assert.equal(await snapshot(h.inspect()), before);
  });
});
