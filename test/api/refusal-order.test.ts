import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';

/**
 * When a request breaks several rules, the answer names the first one a route checks: the
 * credential, then whether the body is JSON, then the query, path and declared headers, then the
 * body's media type and fields (api/http/api-router.ts runs them in one function, in this order).
 */
describe('a request that breaks several rules is refused for the first one checked', () => {
  let h: Harness;
  let token: string;
  const start = '2030-01-08T09:00:00Z';
  const badKey = { 'idempotency-key': 'a b' };

  before(async () => {
    h = await createHarness();
    ({ token } = await h.signUp('Ada'));
  });
  after(() => h.close());

  const detail = async (response: Response) => (await json<{ detail: string }>(response)).detail;

  test('the credential comes before the body and the query', async () => {
    assert.equal((await h.request('POST', '/v1/sessions', { body: '{', headers: badKey })).status, 401);
    assert.equal((await h.request('GET', '/v1/sessions?limit=0')).status, 401);
  });

  test('a body that is not JSON comes before a bad Idempotency-Key', async () => {
    const response = await h.request('POST', '/v1/sessions', { token, body: '{', headers: badKey });
    assert.equal(response.status, 400);
    assert.equal(await detail(response), 'The request body is not valid JSON.');
  });

  test('a body not sent as JSON comes before a bad Idempotency-Key', async () => {
    const response = await h.request('POST', '/v1/sessions', { token, body: '{}', headers: { ...badKey, 'content-type': 'text/plain' } });
    assert.equal(response.status, 415);
  });

  test('a bad Idempotency-Key comes before bad fields of the body', async () => {
    const response = await h.request('POST', '/v1/sessions', { token, body: { start: 'soon', duration: 30 }, headers: badKey });
    assert.equal(response.status, 400);
    assert.match(await detail(response), /^The Idempotency-Key header is not valid/);
  });

  test('a JSON-like media type outside application/json is refused after the headers are checked, before the fields', async () => {
    const headers = { 'content-type': 'application/json-seq' };
    const withBadKey = await h.request('POST', '/v1/sessions', { token, body: { start: 'soon' }, headers: { ...headers, ...badKey } });
    assert.equal(withBadKey.status, 400);
    assert.match(await detail(withBadKey), /Idempotency-Key/);
    assert.equal((await h.request('POST', '/v1/sessions', { token, body: { start: 'soon' }, headers })).status, 415);
  });

  test('a booking with its media type parameters and a valid key is accepted', async () => {
    const response = await h.request('POST', '/v1/sessions', {
      token, body: { start, duration: 50 }, headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': 'k-1' },
    });
    assert.equal(response.status, 201);
  });
});
