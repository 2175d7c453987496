import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';

/** Quarter hours one hour apart from 2030-01-08T00:00Z, so no two bookings overlap. */
const hourly = (i: number) => new Date(Date.parse('2030-01-08T00:00:00Z') + i * 3_600_000).toISOString();

describe('booking limits', () => {
  let h: Harness;
  before(async () => (h = await createHarness()));
  after(() => h.close());

  test('COWORK_MAX_UPCOMING (30 by default): the 31st upcoming booking is refused with the limit and how to lift it; a cancel lifts it', async () => {
    const ada = await h.signUp('Ada');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await h.book(ada.token, hourly(i), 25);
      assert.equal(response.status, 201);
      ids.push(String((await json(response)).id));
    }
    const refused = await h.book(ada.token, hourly(30), 25);
    assert.equal(refused.status, 409);
    const problem = await json(refused);
    assert.equal(problem.type, 'urn:cowork:problem:upcoming-limit');
    assert.equal(problem.maxUpcoming, 30);
    assert.match(problem.detail, /COWORK_MAX_UPCOMING = 30/);
    assert.match(problem.detail, /cancel one or wait until 2030-01-08T00:25:00.000Z/);
    assert.equal(problem.retryAt, '2030-01-08T00:25:00.000Z');
    assert.equal((await h.request('DELETE', `/v1/sessions/${ids[5]}`, { token: ada.token })).status, 200);
    assert.equal((await h.book(ada.token, hourly(30), 25)).status, 201);
    assert.equal((await h.book(ada.token, hourly(31), 25)).status, 409);
  });

  test('a session whose end has passed no longer counts against the limit, and nothing already booked is cancelled', async () => {
    const bob = await h.signUp('Bob');
    for (let i = 0; i < 30; i++) assert.equal((await h.book(bob.token, hourly(i), 25)).status, 201);
    assert.equal((await h.book(bob.token, hourly(40), 25)).status, 409);
    h.clock.set('2030-01-08T00:25:00.000Z');
    assert.equal((await h.book(bob.token, hourly(40), 25)).status, 201);
    const live = await json(await h.request('GET', '/v1/sessions?from=2030-01-07T00:00:00Z&limit=100', { token: bob.token }));
    assert.equal(live.data.length, 31);
    h.clock.set('2030-01-07T10:00:00.000Z');
  });
});

describe('session loose ends', () => {
  let h: Harness;
  before(async () => (h = await createHarness()));
  after(() => h.close());

  test('a task can change until the session ends, and is refused with 409 after', async () => {
    const cy = await h.signUp('Cy');
    const { id } = await json(await h.book(cy.token, '2030-01-07T11:00:00Z', 25, 'draft'));
    h.clock.set('2030-01-07T11:24:00.000Z');
    assert.equal((await h.request('PATCH', `/v1/sessions/${id}`, { token: cy.token, body: { task: 'during' } })).status, 200);
    h.clock.set('2030-01-07T11:25:00.000Z');
    const late = await h.request('PATCH', `/v1/sessions/${id}`, { token: cy.token, body: { task: 'too late' } });
    assert.equal(late.status, 409);
    const problem = await json(late);
    assert.equal(problem.type, 'urn:cowork:problem:session-over');
    assert.match(problem.detail, /only change until its end/);
    assert.equal((await json(await h.request('GET', `/v1/sessions/${id}`, { token: cy.token }))).task, 'during');
  });
});
