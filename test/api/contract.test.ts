import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../api/app.js';
import { ContractChecker, ContractViolation, type OpenApiDocument } from '../helpers/contract.js';
import { createHarness, json, type Harness } from './harness.js';

const SESSION = {
  id: 's1', start: '2030-01-08T09:00:00.000Z', end: '2030-01-08T09:50:00.000Z', duration: 50, status: 'matched',
  partner: { id: 'u2', name: 'Bob' }, task: 'write', partnerTask: null,
  activity: 'desk', quiet: false, languages: [], requestedPartner: null, routineId: null, createdAt: '2030-01-07T10:00:00.000Z', attendance: null,
};
// Every answer carries X-Request-Id and a JSON read its ETag, as the server's machinery sends them.
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status, headers: { 'content-type': 'application/json', 'x-request-id': 'r1', etag: '"e1"', ...headers },
  });
const problemAnswer = (status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  answer(status, { type: 'urn:cowork:problem:x', title: 'X', status, detail: 'x', ...extra }, { 'content-type': 'application/problem+json', ...headers });

describe('the API answers as /openapi.json says', () => {
  let h: Harness;
  let document: OpenApiDocument;
  let checker: ContractChecker;
  before(async () => {
    h = await createHarness();
    document = await json<OpenApiDocument>(await h.request('GET', '/openapi.json'));
    checker = new ContractChecker(document);
  });
  after(() => h.close());

  test('every route the app serves is in /openapi.json, and every route there is served', () => {
    const app = createApp({ db: h.db, clock: h.clock });
    const served = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path.replace(/:([^/]+)/g, '{$1}')}`),
    );
    const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)));
    assert.deepEqual([...served].sort(), [...documented].sort());
  });

  test('the checker accepts an answer that matches its route', async () => {
    await checker.check('GET', '/v1/sessions/s1', answer(200, SESSION));
    await checker.check('POST', '/v1/sessions', problemAnswer(409, { conflictingSession: { id: 's0', start: SESSION.start, end: SESSION.end } }));
    await checker.check('POST', '/v1/tokens', problemAnswer(429, { retryAt: '2030-01-07T10:15:00.000Z' }, { 'retry-after': '900' }));
  });

  const drifts: [string, string, string, () => Response][] = [
    ['a Session without createdAt', 'GET', '/v1/sessions/s1', () => answer(200, { ...SESSION, createdAt: undefined })],
    ['a Session with a field the schema does not name', 'GET', '/v1/sessions/s1', () => answer(200, { ...SESSION, _metadata: {} })],
    ['a Session whose duration is 30', 'GET', '/v1/sessions/next', () => answer(200, { ...SESSION, duration: 30 })],
    ['a Session whose start is not a time', 'GET', '/v1/sessions/s1', () => answer(200, { ...SESSION, start: 'tomorrow' })],
    ['a status the route does not declare', 'GET', '/v1/me', () => problemAnswer(409)],
    ['a JSON answer sent as text/plain', 'GET', '/v1/sessions/s1', () => answer(200, SESSION, { 'content-type': 'text/plain' })],
    ['a problem document without detail', 'GET', '/v1/sessions/s1', () => answer(404, { type: 'x', title: 'X', status: 404 }, { 'content-type': 'application/problem+json' })],
    ['a problem document whose status differs from the answer', 'GET', '/v1/sessions/s1', () => problemAnswer(404, { status: 409 })],
    ['a 429 without Retry-After', 'POST', '/v1/tokens', () => problemAnswer(429)],
    ['an opensAt that is not a time', 'POST', '/v1/sessions/s1/join', () => problemAnswer(409, { opensAt: 'soon' })],
    ['an empty body where a Session is declared', 'PATCH', '/v1/sessions/s1', () => answer(200, '')],
    ['a 200 where the route declares 204', 'DELETE', '/v1/tokens/current', () => answer(200, {})],
    ['an answer from a route that is not declared', 'GET', '/v1/meetings', () => answer(200, {})],
  ];
  for (const [name, method, path, make] of drifts) {
    test(`the checker refuses ${name}`, async () => {
      await assert.rejects(checker.check(method, path, make()), ContractViolation);
    });
  }

  test('GET /openapi.json builds the document once and then serves the same text', async () => {
    const app = createApp({ db: h.db, clock: h.clock });
    const generate = app.getOpenAPI31Document;
    let builds = 0;
    app.getOpenAPI31Document = (...args) => (builds++, generate(...args));
    const first = await (await app.request('/openapi.json')).text();
    const second = await (await app.request('/openapi.json')).text();
    assert.equal(builds, 1);
    assert.equal(second, first);
  });

  test('invalid input answers SPEC §3\'s problem: every bad field listed, unknown fields to remove', async () => {
    const ada = await h.signUp('Ada');
    const response = await h.request('POST', '/v1/sessions', { token: ada.token, body: { start: 'soon', duration: 30, room: 'mine' } });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    const problem = await json(response);
    assert.equal(problem.type, 'urn:cowork:problem:invalid-input');
    assert.deepEqual(problem.errors.map((e: { path: string }) => e.path).sort(), ['duration', 'room', 'start']);
    assert.equal(problem.errors.find((e: { path: string }) => e.path === 'room').message, 'is not a known field; remove it');
    assert.match(problem.detail, /^The request body is not valid: /);
  });

  test('an Idempotency-Key that is not visible ASCII is refused as a bad header', async () => {
    const ada = await h.signUp('Ada');
    const response = await h.request('POST', '/v1/sessions', { token: ada.token, headers: { 'idempotency-key': 'k'.repeat(300) }, body: { start: '2030-01-08T09:00:00Z', duration: 50 } });
    assert.equal(response.status, 400);
    assert.deepEqual((await json(response)).errors, [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
  });
});
