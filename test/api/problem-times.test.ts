import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';

/** SPEC §11: a problem document names every time it mentions in a field, so clients can say it in the reader's zone. */
describe('times in problem documents', () => {
  let h: Harness;
  let ada: { token: string };
  before(async () => {
    h = await createHarness();
    ada = await h.signUp('Ada');
  });
  after(() => h.close());

  test('a start in the past names the start and the earliest start that can be booked', async () => {
    const problem = await json(await h.book(ada.token, '2030-01-06T09:00:00Z'));
    assert.equal(problem.type, 'urn:cowork:problem:start-in-past');
    assert.deepEqual([problem.startedAt, problem.earliestStart], ['2030-01-06T09:00:00.000Z', '2030-01-07T10:00:00.000Z']);
  });

  test('a start past 13 weeks names the latest start that can be booked', async () => {
    const problem = await json(await h.book(ada.token, '2030-06-03T09:00:00Z'));
    assert.equal(problem.latestStart, '2030-04-08T10:00:00.000Z');
  });

  test('an overlap names the session it collides with, its start and end', async () => {
    const first = await json(await h.book(ada.token, '2030-01-08T09:00:00Z', 50));
    const problem = await json(await h.book(ada.token, '2030-01-08T09:30:00Z', 25));
    assert.deepEqual(problem.conflictingSession, { id: first.id, start: '2030-01-08T09:00:00.000Z', end: '2030-01-08T09:50:00.000Z' });
  });

  test('joining early names when the window opens; cancelling after the start names when it started', async () => {
    const session = await json(await h.book(ada.token, '2030-01-07T10:30:00Z', 25));
    const early = await json(await h.request('POST', `/v1/sessions/${session.id}/join`, { token: ada.token }));
    assert.equal(early.opensAt, '2030-01-07T10:20:00.000Z');
    h.clock.set('2030-01-07T10:35:00Z');
    const late = await json(await h.request('DELETE', `/v1/sessions/${session.id}`, { token: ada.token }));
    assert.equal(late.startedAt, '2030-01-07T10:30:00.000Z');
    h.clock.set('2030-01-07T11:00:00Z');
    const over = await json(await h.request('POST', `/v1/sessions/${session.id}/join`, { token: ada.token }));
    assert.equal(over.endedAt, '2030-01-07T10:55:00.000Z');
  });

  test('the OpenAPI Problem schema documents every time field', async () => {
    const document = await json(await h.request('GET', '/openapi.json'));
    const properties = (document.components.schemas.Problem as { properties: Record<string, unknown> }).properties;
    for (const field of ['earliestStart', 'latestStart', 'startedAt', 'endedAt', 'opensAt', 'retryAt', 'conflictingSession']) assert.ok(field in properties, field);
  });
});
