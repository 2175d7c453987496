import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { pruneOnce } from '../../api/jobs/prune.js';
import { rollRoutinesOnce } from '../../api/jobs/roll-routines.js';
import { createHarness, json, type Harness } from './harness.js';

const BERLIN = 'Europe/Berlin';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

type Routine = { id: string; paused: boolean; skipped: { start: string; reason: string; conflictingSession?: { id: string } }[] };
type SessionRow = { start: string; status: string; id: string };

describe('routines', () => {
  let h: Harness;
  let ada: { id: string; token: string };
  beforeEach(async () => {
    h = await createHarness('2026-03-23T12:00:00.000Z'); // a Monday, the week Berlin springs forward
    ada = await h.signUp('Ada');
  });
  afterEach(() => h.close());

  const addRoutine = async (body: Record<string, unknown>, token = ada.token) => {
    const response = await h.request('POST', '/v1/routines', { token, body: { duration: 50, timezone: BERLIN, ...body } });
    assert.equal(response.status, 201, await response.clone().text());
    return json<Routine>(response);
  };
  /** Every session row of a routine, straight from the database, by start. */
  const sessionsOf = async (routineId: string, statuses = ['waiting', 'matched']) => {
    const rows = await h.inspect().execute({
      sql: `SELECT id, start_at, status FROM sessions WHERE routine_id = ? AND status IN (${statuses.map(() => '?').join(',')}) ORDER BY start_at`,
      args: [routineId, ...statuses],
    });
    return rows.rows.map((row) => ({ id: String(row.id), start: new Date(Number(row.start_at)).toISOString(), status: String(row.status) }) as SessionRow);
  };
  const localTimes = (sessions: SessionRow[]) => sessions.map((s) => DateTime.fromISO(s.start, { zone: BERLIN }).toFormat('ccc dd.MM HH:mm'));
  const roll = () => rollRoutinesOnce(h.db, h.clock.now(), 30);

  test('weekdays at 09:00 Berlin stay at 09:00 local across both clock changes', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 14 });
    const spring = await sessionsOf(routine.id);
    assert.equal(spring.length, 10);
    assert.deepEqual(new Set(localTimes(spring).map((t) => t.slice(-5))), new Set(['09:00']));
    assert.ok(spring.some((s) => s.start === '2026-03-27T08:00:00.000Z') && spring.some((s) => s.start === '2026-03-30T07:00:00.000Z'));

    h.clock.set('2026-10-20T12:00:00.000Z');
    await roll();
    const autumn = (await sessionsOf(routine.id)).filter((s) => s.start > '2026-10-20');
    assert.deepEqual(new Set(localTimes(autumn).map((t) => t.slice(-5))), new Set(['09:00']));
    assert.ok(autumn.some((s) => s.start === '2026-10-23T07:00:00.000Z') && autumn.some((s) => s.start === '2026-10-26T08:00:00.000Z'));
  });

  test('a routine whose local time does not exist that day lists it as dst-gap and books the other days', async () => {
    h.clock.set('2026-03-20T12:00:00.000Z');
    const routine = await addRoutine({ days: ['sun'], time: '02:30', horizonDays: 14 });
    assert.deepEqual(routine.skipped.map((s) => s.reason), ['dst-gap']);
    assert.deepEqual((await sessionsOf(routine.id)).map((s) => s.start), ['2026-03-22T01:30:00.000Z']);
  });

  test('a routine books ordinary sessions: they show routineId, carry its activity and quiet, and pair like any other', async () => {
    const bob = await h.signUp('Bob');
    const routine = await addRoutine({ days: ['tue'], time: '09:00', horizonDays: 7, activity: 'desk', quiet: true, task: 'deep work' });
    const booked = await json(await h.request('POST', '/v1/sessions', { token: bob.token, body: { start: '2026-03-24T08:00:00.000Z', duration: 50, activity: 'desk', quiet: true } }));
    assert.equal(booked.status, 'matched');
    assert.equal(booked.partnerTask, 'deep work');
    const [mine] = (await json(await h.request('GET', '/v1/sessions', { token: ada.token }))).data;
    assert.equal(mine.routineId, routine.id);
    assert.equal(mine.activity, 'desk');
    assert.equal(mine.quiet, true);
    assert.equal(mine.partner.name, 'Bob');
    assert.equal(booked.routineId, null);
  });

  test('the horizon rolls forward when the clock moves a day', async () => {
    const routine = await addRoutine({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '09:00', horizonDays: 3 });
    assert.equal((await sessionsOf(routine.id)).at(-1)!.start, '2026-03-26T08:00:00.000Z');
    h.clock.advance(24 * 60);
    await roll();
    assert.equal((await sessionsOf(routine.id)).at(-1)!.start, '2026-03-27T08:00:00.000Z');
    assert.equal((await sessionsOf(routine.id)).length, 4);
  });

  test('every occurrence is booked exactly once, however often and however concurrently the roll runs', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 14 });
    h.clock.advance(3 * 24 * 60);
    await Promise.all([roll(), roll(), rollRoutinesOnce(h.db, h.clock.now(), 30, 1)]);
    await roll();
    const starts = (await sessionsOf(routine.id)).map((s) => s.start);
    assert.equal(new Set(starts).size, starts.length);
    const occurrences = await h.inspect().execute({ sql: `SELECT COUNT(*) AS n FROM routine_occurrences WHERE routine_id = ? AND outcome = 'booked'`, args: [routine.id] });
    assert.equal(Number(occurrences.rows[0]!.n), starts.length);
  });

  test('an occurrence that would overlap a session the person holds is skipped with its reason, and nothing is cancelled', async () => {
    const mine = await json(await h.book(ada.token, '2026-03-25T07:30:00.000Z', 50));
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 7 });
    assert.deepEqual(routine.skipped, [{
      start: '2026-03-25T08:00:00.000Z', reason: 'overlap',
      conflictingSession: { id: mine.id, start: '2026-03-25T07:30:00.000Z', end: '2026-03-25T08:20:00.000Z' },
    }]);
    assert.equal((await json(await h.request('GET', `/v1/sessions/${mine.id}`, { token: ada.token }))).status, 'waiting');
    assert.ok(!(await sessionsOf(routine.id)).some((s) => s.start === '2026-03-25T08:00:00.000Z'));
  });

  test('a skipped occurrence writes one routine.skipped event to the webhook outbox, in the transaction that skipped it', async () => {
    const hooked = await createHarness('2026-03-23T12:00:00.000Z', undefined, { webhooks: { allowPrivate: true } });
    try {
      const cy = await hooked.signUp('Cy');
      const hook = await hooked.request('POST', '/v1/webhooks', { token: cy.token, body: { url: 'http://127.0.0.1:9/hook', events: ['routine.skipped'] } });
      assert.equal(hook.status, 201, await hook.clone().text());
      const mine = await json(await hooked.book(cy.token, '2026-03-25T07:30:00.000Z', 50));
      const created = await json(await hooked.request('POST', '/v1/routines', { token: cy.token, body: { days: WEEKDAYS, time: '09:00', duration: 50, timezone: BERLIN, horizonDays: 7 } }));
      await rollRoutinesOnce(hooked.db, hooked.clock.now(), 30);
      const events = await hooked.inspect().execute(`SELECT type, body FROM webhook_events WHERE type = 'routine.skipped'`);
      assert.equal(events.rows.length, 1);
      const data = JSON.parse(String(events.rows[0]!.body)).data;
      assert.equal(data.routineId, created.id);
      assert.equal(data.reason, 'overlap');
      assert.equal(data.start, '2026-03-25T08:00:00.000Z');
      assert.equal(data.conflictingSession.id, mine.id);
    } finally {
      hooked.close();
    }
  });

  test('a suspended person\'s routine books nothing and lists its occurrences as suspended', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 3 });
    const before = (await sessionsOf(routine.id)).length;
    await h.inspect().execute({ sql: 'UPDATE users SET suspended_at = ? WHERE id = ?', args: [h.clock.now().getTime(), ada.id] });
    h.clock.advance(2 * 24 * 60);
    await roll();
    assert.equal((await sessionsOf(routine.id)).length, before);
    const skipped = await h.inspect().execute({ sql: `SELECT outcome FROM routine_occurrences WHERE routine_id = ? AND outcome = 'suspended'`, args: [routine.id] });
    assert.ok(skipped.rows.length >= 1);
  });

  test('an occurrence the person cancelled is not booked again', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 7 });
    const [first] = await sessionsOf(routine.id);
    assert.equal((await h.request('DELETE', `/v1/sessions/${first!.id}`, { token: ada.token })).status, 200);
    await h.request('PATCH', `/v1/routines/${routine.id}`, { token: ada.token, body: { paused: true } });
    await h.request('PATCH', `/v1/routines/${routine.id}`, { token: ada.token, body: { paused: false } });
    h.clock.advance(2 * 60);
    await roll();
    assert.ok(!(await sessionsOf(routine.id)).some((s) => s.start === first!.start));
  });

  test('deleting a routine cancels its waiting sessions ahead and keeps the matched ones, naming both; ?cancel=all cancels those too', async () => {
    const bob = await h.signUp('Bob');
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 7 });
    const [first] = await sessionsOf(routine.id);
    assert.equal((await h.book(bob.token, first!.start, 50)).status, 201);
    assert.equal((await sessionsOf(routine.id))[0]!.status, 'matched');
    const again = await addRoutine({ days: WEEKDAYS, time: '11:00', horizonDays: 7 });
    const [firstAgain] = await sessionsOf(again.id);
    await h.book(bob.token, firstAgain!.start, 50);

    const waitingIds = (await sessionsOf(routine.id)).filter((s) => s.status === 'waiting').map((s) => s.id);
    const deleted = await h.request('DELETE', `/v1/routines/${routine.id}`, { token: ada.token });
    assert.equal(deleted.status, 200);
    assert.deepEqual(await json(deleted), { id: routine.id, cancelled: waitingIds, kept: [first!.id] });
    assert.ok(waitingIds.length > 0);
    assert.deepEqual((await sessionsOf(routine.id)).map((s) => [s.start, s.status]), [[first!.start, 'matched']]);
    assert.equal((await h.request('GET', `/v1/routines/${routine.id}`, { token: ada.token })).status, 404);

    const allIds = (await sessionsOf(again.id)).map((s) => s.id);
    const deletedAll = await h.request('DELETE', `/v1/routines/${again.id}?cancel=all`, { token: ada.token });
    assert.equal(deletedAll.status, 200);
    assert.deepEqual(await json(deletedAll), { id: again.id, cancelled: allIds, kept: [] });
    assert.deepEqual(await sessionsOf(again.id), []);
    h.clock.advance(24 * 60);
    await roll();
    assert.deepEqual(await sessionsOf(again.id), []);
  });

  test('skip cancels the routine\'s sessions in the range and books none there, even when the horizon reaches it later', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 7 });
    const response = await h.request('POST', `/v1/routines/${routine.id}/skip`, {
      token: ada.token, body: { from: '2026-03-26T00:00:00Z', to: '2026-04-04T00:00:00Z' },
    });
    assert.equal(response.status, 200);
    assert.equal((await json(response)).cancelled.length, 3);
    h.clock.advance(7 * 24 * 60);
    await roll();
    const starts = (await sessionsOf(routine.id)).map((s) => s.start);
    assert.ok(starts.length > 0 && starts.every((s) => s < '2026-03-26' || s >= '2026-04-04'), starts.join());
  });

  test('a deleted routine keeps no task: nothing shows it again', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 3, task: 'the zanzibar memo' });
    assert.equal((await h.request('DELETE', `/v1/routines/${routine.id}`, { token: ada.token })).status, 200);
    const row = await h.inspect().execute({ sql: 'SELECT task, deleted_at FROM routines WHERE id = ?', args: [routine.id] });
    assert.deepEqual([row.rows[0]!.task, row.rows[0]!.deleted_at !== null], [null, true]);
  });

  test('a paused routine books nothing; resuming books up to the horizon at once', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 3 });
    const paused = await json<Routine>(await h.request('PATCH', `/v1/routines/${routine.id}`, { token: ada.token, body: { paused: true } }));
    assert.equal(paused.paused, true);
    const before = (await sessionsOf(routine.id)).length;
    h.clock.advance(3 * 24 * 60);
    await roll();
    assert.equal((await sessionsOf(routine.id)).length, before);
    await h.request('PATCH', `/v1/routines/${routine.id}`, { token: ada.token, body: { paused: false, task: 'deep work' } });
    const after = await sessionsOf(routine.id);
    assert.equal(after.at(-1)!.start, '2026-03-27T08:00:00.000Z');
    assert.equal(after.length, before + 1);
  });

  test('an occurrence skipped for the booking limit is retried on a later roll once the limit has room', async () => {
    const own: string[] = [];
    for (let day = 0; day < 28; day += 1) {
      const start = new Date(Date.parse('2026-04-10T10:00:00Z') + day * 86_400_000).toISOString();
      own.push((await json(await h.book(ada.token, start, 25))).id);
    }
    const routine = await addRoutine({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '09:00', horizonDays: 7 });
    assert.equal((await sessionsOf(routine.id)).length, 2);
    assert.deepEqual(routine.skipped.map((s) => s.reason), ['limit', 'limit', 'limit', 'limit', 'limit']);
    await h.request('DELETE', `/v1/sessions/${own[0]}`, { token: ada.token });
    await h.request('DELETE', `/v1/sessions/${own[1]}`, { token: ada.token });
    h.clock.advance(2);
    await roll();
    assert.equal((await sessionsOf(routine.id)).length, 4);
    const now = await json<Routine>(await h.request('GET', `/v1/routines/${routine.id}`, { token: ada.token }));
    assert.equal(now.skipped.length, 3);
  });

  test('a person keeps at most 20 routines (routine-limit), and deleting one makes room', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await addRoutine({ days: ['sun'], time: `${String(i).padStart(2, '0')}:00`, horizonDays: 1 })).id);
    const refused = await h.request('POST', '/v1/routines', { token: ada.token, body: { days: ['mon'], time: '21:00', duration: 25 } });
    assert.equal(refused.status, 409);
    assert.equal((await json(refused)).type, 'urn:cowork:problem:routine-limit');
    await h.request('DELETE', `/v1/routines/${ids[0]}`, { token: ada.token });
    await addRoutine({ days: ['mon'], time: '21:00' });
  });

  test('a holiday range must end after it starts, and its held-off occurrences are not listed as skipped', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 7 });
    const backwards = await h.request('POST', `/v1/routines/${routine.id}/skip`, { token: ada.token, body: { from: '2026-03-27T00:00:00Z', to: '2026-03-26T00:00:00Z' } });
    assert.equal(backwards.status, 400);
    const skipped = await json(await h.request('POST', `/v1/routines/${routine.id}/skip`, { token: ada.token, body: { from: '2026-03-23T00:00:00Z', to: '2026-04-20T00:00:00Z' } }));
    assert.deepEqual(skipped.routine.skipped, []);
    assert.deepEqual(await sessionsOf(routine.id), []);
  });

  test('occurrence rows are pruned a week after their start and the prune books nothing again', async () => {
    const routine = await addRoutine({ days: WEEKDAYS, time: '09:00', horizonDays: 7 });
    const before = (await sessionsOf(routine.id, ['waiting', 'matched', 'cancelled'])).length;
    h.clock.advance(9 * 24 * 60);
    const pastRetention = async () => Number((await h.inspect().execute({
      sql: 'SELECT COUNT(*) AS n FROM routine_occurrences WHERE routine_id = ? AND start_at < ?', args: [routine.id, h.clock.now().getTime() - 7 * 86_400_000],
    })).rows[0]!.n);
    assert.ok((await pastRetention()) > 0);
    await pruneOnce(h.db, h.clock.now());
    assert.equal(await pastRetention(), 0);
    await roll();
    const all = await sessionsOf(routine.id, ['waiting', 'matched', 'cancelled']);
    assert.equal(new Set(all.map((s) => s.start)).size, all.length);
    assert.ok(all.length > before);
  });

  test('bad input is a 400 naming the field, and nothing is written', async () => {
    for (const body of [
      { days: [], time: '09:00' }, { days: ['mon', 'funday'], time: '09:00' }, { days: ['mon'], time: '09:10' },
      { days: ['mon'], time: '9:00' }, { days: ['mon'], time: '09:00', horizonDays: 92 }, { days: ['mon'], time: '09:00', timezone: 'Mars/Base' },
    ]) {
      const response = await h.request('POST', '/v1/routines', { token: ada.token, body: { duration: 50, ...body } });
      assert.equal(response.status, 400, JSON.stringify(body));
    }
    assert.deepEqual((await json(await h.request('GET', '/v1/routines', { token: ada.token }))).data, []);
  });

  test('a routine\'s time zone passes the same IANA check as sign-up: UTC+99 and UTC-23:59 are refused by both, nothing written', async () => {
    for (const timezone of ['UTC+99', 'UTC-23:59']) {
      const routine = await h.request('POST', '/v1/routines', { token: ada.token, body: { days: ['wed'], time: '09:00', duration: 50, timezone } });
      assert.equal(routine.status, 400, timezone);
      assert.deepEqual((await json(routine)).errors, [{ path: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin' }]);
      const signUp = await h.request('POST', '/v1/users', { body: { name: 'Zed', email: 'zed@example.org', password: 'correct horse battery', timezone } });
      assert.equal(signUp.status, 400, timezone);
    }
    assert.deepEqual((await json(await h.request('GET', '/v1/routines', { token: ada.token }))).data, []);
    assert.equal((await h.request('POST', '/v1/routines', { token: ada.token, body: { days: ['wed'], time: '09:00', duration: 50, timezone: 'Etc/GMT+5' } })).status, 201);
  });

  test('the timezone defaults to the person\'s and another person\'s routine is a 404', async () => {
    const response = await h.request('POST', '/v1/routines', { token: ada.token, body: { days: ['mon'], time: '09:00', duration: 25 } });
    const routine = await json(response);
    assert.equal(routine.timezone, 'UTC');
    const eve = await h.signUp('Eve');
    assert.equal((await h.request('GET', `/v1/routines/${routine.id}`, { token: eve.token })).status, 404);
    assert.equal((await h.request('DELETE', `/v1/routines/${routine.id}`, { token: eve.token })).status, 404);
  });
});
