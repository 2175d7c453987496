import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, snapshot, type Harness } from './harness.js';

/**
 * A known path asked with a method it does not answer is 405 with `Allow` (RFC 9110 §15.5.6,
 * SPEC §13), a problem document naming the rule; a path no route declares stays 404. Every
 * answer also passes the harness's contract check, which derives the expected `Allow` from
 * /openapi.json.
 */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
let h: Harness;
let token: string;
before(async () => {
  h = await createHarness();
  token = (await h.signUp('Ada')).token;
});
after(() => h.close());

describe('a wrong method', () => {
  test('on a session is 405, Allow listing the methods the path answers, and changes nothing', async () => {
    const booked = await json(await h.book(token, '2030-01-08T09:00:00Z'));
    const before = await snapshot(h.inspect());
    const response = await h.request('PUT', `/v1/sessions/${booked.id}`, { token, body: { task: 'x' } });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'DELETE, GET, HEAD, PATCH');
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = await json(response);
    assert.equal(problem.type, 'urn:cowork:problem:method-not-allowed');
    assert.equal(problem.status, 405);
    assert.match(problem.detail, /answers DELETE, GET, HEAD, PATCH, not PUT/);
    assert.equal(await snapshot(h.inspect()), before);
  });

  test('on every path of /openapi.json is 405 for each method it does not declare', async () => {
    const document = await json<{ paths: Record<string, Record<string, unknown>> }>(await h.request('GET', '/openapi.json'));
    let checked = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      const path = template.replace(/\{[^}]+\}/g, '0123456789abcdef01234567');
      for (const method of METHODS.filter((m) => !(m.toLowerCase() in operations))) {
        // The contract check expects 405 and the Allow of the document, unless another template
        // answers the method there (DELETE /v1/sessions/next is a DELETE of /v1/sessions/{id}).
        const response = await h.request(method, path, { token });
        if (response.status === 405) checked++;
      }
    }
    assert.ok(checked > 20, `only ${checked} wrong methods answered 405`);
  });

  test('a path no route declares is still 404', async () => {
    const response = await h.request('POST', '/v1/meetings', { token, body: {} });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('allow'), null);
  });
});
