import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';

describe('reading and changing your sessions', () => {
  let h: Harness;
  let ada: { token: string };
  let bob: { token: string };
  const booked: Record<string, string> = {};
  before(async () => {
    h = await createHarness('2030-01-07T10:00:00Z');
    ada = await h.signUp('Ada');
    bob = await h.signUp('Bob');
    for (const [name, start] of [['today', '2030-01-07T10:30:00Z'], ['tomorrow', '2030-01-08T09:00:00Z'], ['later', '2030-01-09T09:00:00Z'], ['cancelled', '2030-01-08T12:00:00Z']]) {
      booked[name!] = (await json(await h.book(ada.token, start!, 25))).id;
    }
    await h.request('DELETE', `/v1/sessions/${booked.cancelled}`, { token: ada.token });
  });
  after(() => h.close());

  test('GET /v1/sessions lists live sessions upcoming first, without cancelled ones', async () => {
    const page = await json(await h.request('GET', '/v1/sessions', { token: ada.token }));
    assert.deepEqual(page.data.map((s: { id: string }) => s.id), [booked.today, booked.tomorrow, booked.later]);
    assert.equal(page.nextCursor, null);
  });

  test('GET /v1/sessions pages with limit and nextCursor, and every session appears once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=1&status=waiting,matched,cancelled${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await json(await h.request('GET', `/v1/sessions${query}`, { token: ada.token }));
      assert.ok(page.data.length <= 1);
      seen.push(...page.data.map((s: { id: string }) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [booked.today, booked.tomorrow, booked.cancelled, booked.later]);
  });

  test('GET /v1/sessions filters by from, to and status', async () => {
    const query = '?from=2030-01-08T00:00:00Z&to=2030-01-09T00:00:00Z&status=cancelled';
    const page = await json(await h.request('GET', `/v1/sessions${query}`, { token: ada.token }));
    assert.deepEqual(page.data.map((s: { id: string }) => s.id), [booked.cancelled]);
  });

  test('past sessions are left out by default and shown with an earlier from', async () => {
    h.clock.set('2030-01-07T11:00:00Z');
    const upcoming = await json(await h.request('GET', '/v1/sessions', { token: ada.token }));
    assert.ok(!upcoming.data.some((s: { id: string }) => s.id === booked.today));
    const all = await json(await h.request('GET', '/v1/sessions?from=2030-01-01T00:00:00Z', { token: ada.token }));
    assert.equal(all.data[0].id, booked.today);
    h.clock.set('2030-01-07T10:00:00Z');
  });

  test('GET /v1/sessions/next answers the earliest live session whose end is ahead, even once started', async () => {
    h.clock.set('2030-01-07T10:40:00Z');
    assert.equal((await json(await h.request('GET', '/v1/sessions/next', { token: ada.token }))).id, booked.today);
    h.clock.set('2030-01-07T10:55:00Z');
    assert.equal((await json(await h.request('GET', '/v1/sessions/next', { token: ada.token }))).id, booked.tomorrow);
    h.clock.set('2030-01-07T10:00:00Z');
  });

  test('GET /v1/sessions/next answers 404 when nothing is booked', async () => {
    const response = await h.request('GET', '/v1/sessions/next', { token: bob.token });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
  });

  test("GET /v1/sessions/{id} answers 404 for someone else's session", async () => {
    assert.equal((await h.request('GET', `/v1/sessions/${booked.today}`, { token: bob.token })).status, 404);
    assert.equal((await h.request('GET', '/v1/sessions/nope', { token: ada.token })).status, 404);
  });

  test('PATCH /v1/sessions/{id} sets and clears the task', async () => {
    const set = await h.request('PATCH', `/v1/sessions/${booked.tomorrow}`, { token: ada.token, body: { task: '  write chapter 3 ' } });
    assert.equal(set.status, 200);
    assert.equal((await json(set)).task, 'write chapter 3');
    const cleared = await json(await h.request('PATCH', `/v1/sessions/${booked.tomorrow}`, { token: ada.token, body: { task: null } }));
    assert.equal(cleared.task, null);
  });

  test("PATCH and DELETE of someone else's session answer 404 and change nothing", async () => {
    assert.equal((await h.request('PATCH', `/v1/sessions/${booked.later}`, { token: bob.token, body: { task: 'mine now' } })).status, 404);
    assert.equal((await h.request('DELETE', `/v1/sessions/${booked.later}`, { token: bob.token })).status, 404);
    const session = await json(await h.request('GET', `/v1/sessions/${booked.later}`, { token: ada.token }));
    assert.equal(session.status, 'waiting');
    assert.equal(session.task, null);
  });

  test('the task of a cancelled session cannot change (409)', async () => {
    const response = await h.request('PATCH', `/v1/sessions/${booked.cancelled}`, { token: ada.token, body: { task: 'too late' } });
    assert.equal(response.status, 409);
  });

  test('a partner sees the task the moment it changes', async () => {
    const mine = await json(await h.book(bob.token, '2030-01-09T09:00:00Z', 25));
    assert.equal(mine.status, 'matched');
    await h.request('PATCH', `/v1/sessions/${booked.later}`, { token: ada.token, body: { task: 'proofs' } });
    assert.equal((await json(await h.request('GET', `/v1/sessions/${mine.id}`, { token: bob.token }))).partnerTask, 'proofs');
  });
});
