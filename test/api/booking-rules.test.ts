import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';

// The clock stands at 2030-01-07T10:00:00Z (a Monday) unless a test moves it.
describe('booking rules (SPEC §2)', () => {
  let h: Harness;
  let ada: { token: string };
  before(async () => {
    h = await createHarness();
    ada = await h.signUp('Ada');
  });
  after(() => h.close());

  for (const duration of [25, 50, 75]) {
    test(`a ${duration}-minute session can be booked and ends ${duration} minutes after its start`, async () => {
      const start = { 25: '2030-01-08T09:00:00Z', 50: '2030-01-08T10:00:00Z', 75: '2030-01-08T11:00:00Z' }[duration]!;
      const response = await h.book(ada.token, start, duration);
      assert.equal(response.status, 201);
      const session = await json(response);
      assert.equal(session.duration, duration);
      assert.equal(Date.parse(session.end) - Date.parse(session.start), duration * 60_000);
      assert.equal(session.status, 'waiting');
      assert.equal(response.headers.get('location'), `/v1/sessions/${session.id}`);
    });
  }

  test('any other duration is refused with 400 naming the allowed ones', async () => {
    const response = await h.book(ada.token, '2030-01-09T09:00:00Z', 30);
    assert.equal(response.status, 400);
    assert.deepEqual((await json(response)).errors, [{ path: 'duration', message: 'must be 25, 50 or 75 (minutes)' }]);
  });

  test('a start off the quarter hour is refused with the two nearest valid starts', async () => {
    const response = await h.book(ada.token, '2030-01-09T09:07:00Z');
    assert.equal(response.status, 400);
    const [error] = (await json(response)).errors;
    assert.equal(error.path, 'start');
    assert.match(error.message, /2030-01-09T09:00:00\.000Z or 2030-01-09T09:15:00\.000Z/);
  });

  test('a start with seconds is off the quarter hour too', async () => {
    assert.equal((await h.book(ada.token, '2030-01-09T09:15:30Z')).status, 400);
  });

  test('a start with an offset is stored and answered in UTC', async () => {
    const response = await h.book(ada.token, '2030-01-09T14:30:00+02:00', 25);
    assert.equal(response.status, 201);
    assert.equal((await json(response)).start, '2030-01-09T12:30:00.000Z');
  });

  test('a start in the past is refused with 422', async () => {
    const response = await h.book(ada.token, '2030-01-07T09:45:00Z');
    assert.equal(response.status, 422);
    assert.match((await json(response)).detail, /already begun/);
  });

  test('a start exactly now is still bookable', async () => {
    assert.equal((await h.book(ada.token, '2030-01-07T10:00:00Z', 25)).status, 201);
  });

  test('a start 13 weeks ahead is bookable, a quarter hour later is not', async () => {
    assert.equal((await h.book(ada.token, '2030-04-08T10:00:00Z', 25)).status, 201);
    const response = await h.book(ada.token, '2030-04-08T10:15:00Z', 25);
    assert.equal(response.status, 422);
    assert.match((await json(response)).detail, /at most 13 weeks ahead/);
  });

  test('an overlapping live session is refused with 409 naming the session it collides with', async () => {
    const first = await json(await h.book(ada.token, '2030-01-10T09:00:00Z', 75));
    const response = await h.book(ada.token, '2030-01-10T10:00:00Z', 25);
    assert.equal(response.status, 409);
    const problem = await json(response);
    assert.equal(problem.conflictingSession.id, first.id);
    assert.match(problem.detail, new RegExp(first.id));
  });

  test('a session that starts as another ends does not overlap it', async () => {
    assert.equal((await h.book(ada.token, '2030-01-10T10:15:00Z', 25)).status, 201);
  });

  test('a session starting earlier that runs into an existing one overlaps it', async () => {
    assert.equal((await h.book(ada.token, '2030-01-10T08:30:00Z', 50)).status, 409);
  });

  test('a cancelled session no longer blocks its slot', async () => {
    const session = await json(await h.book(ada.token, '2030-01-11T09:00:00Z'));
    await h.request('DELETE', `/v1/sessions/${session.id}`, { token: ada.token });
    assert.equal((await h.book(ada.token, '2030-01-11T09:00:00Z')).status, 201);
  });

  test('the same person booking the same slot twice is an overlap, never a pair with themselves', async () => {
    const response = await h.book(ada.token, '2030-01-11T09:00:00Z');
    assert.equal(response.status, 409);
    const waiting = await h.inspect().execute(`SELECT count(*) AS n FROM pairs`);
    assert.equal(Number(waiting.rows[0]!.n), 0);
  });

  test('a task over 280 characters is refused; one of 280 is kept', async () => {
    assert.equal((await h.book(ada.token, '2030-01-12T09:00:00Z', 25, 'x'.repeat(281))).status, 400);
    const session = await json(await h.book(ada.token, '2030-01-12T09:00:00Z', 25, 'y'.repeat(280)));
    assert.equal(session.task, 'y'.repeat(280));
  });

  test('cancelling after the start is refused with 409', async () => {
    const session = await json(await h.book(ada.token, '2030-01-13T09:00:00Z', 25));
    h.clock.set('2030-01-13T09:00:00Z');
    const response = await h.request('DELETE', `/v1/sessions/${session.id}`, { token: ada.token });
    assert.equal(response.status, 409);
    assert.equal((await json(response)).title, 'Session already started');
    h.clock.set('2030-01-07T10:00:00Z');
  });
});
