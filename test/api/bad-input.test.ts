import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { rawExchange } from '../helpers/raw-http.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { createHarness, json, snapshot, type Harness } from './harness.js';

/** Each case: a request a client might get wrong, the 4xx it must get, and nothing written. */
interface BadInput {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  auth?: 'ada' | 'forged' | 'none';
  status: number;
  /** What the problem's detail must name, where the rule matters more than the status. */
  rule?: RegExp;
}

const start = '2030-01-08T09:00:00Z';
/** Seven code points, eleven UTF-16 units, one character as a person sees it. */
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const CASES: BadInput[] = [
  { name: 'sign-up with a body that is not JSON', method: 'POST', path: '/v1/users', body: '{"name":', status: 400, auth: 'none' },
  { name: 'sign-up with a JSON array', method: 'POST', path: '/v1/users', body: [], status: 400, auth: 'none' },
  { name: 'sign-up without a name', method: 'POST', path: '/v1/users', body: { email: 'x@example.org', password: 'long enough' }, status: 400, auth: 'none' },
  { name: 'sign-up with a blank name', method: 'POST', path: '/v1/users', body: { name: '   ', email: 'x@example.org', password: 'long enough' }, status: 400, auth: 'none' },
  { name: 'sign-up with a malformed email', method: 'POST', path: '/v1/users', body: { name: 'X', email: 'not-an-email', password: 'long enough' }, status: 400, auth: 'none' },
  { name: 'sign-up with a short password', method: 'POST', path: '/v1/users', body: { name: 'X', email: 'x@example.org', password: 'short' }, status: 400, auth: 'none' },
  { name: 'sign-up with a numeric password', method: 'POST', path: '/v1/users', body: { name: 'X', email: 'x@example.org', password: 12345678 }, status: 400, auth: 'none' },
  { name: 'sign-up with an unknown time zone', method: 'POST', path: '/v1/users', body: { name: 'X', email: 'x@example.org', password: 'long enough', timezone: 'Mars/Olympus' }, status: 400, auth: 'none' },
  { name: 'sign-up with an unknown field', method: 'POST', path: '/v1/users', body: { name: 'X', email: 'x@example.org', password: 'long enough', admin: true }, status: 400, auth: 'none' },
  { name: 'sign-up sent as form data', method: 'POST', path: '/v1/users', body: 'name=X', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, auth: 'none' },
  { name: 'sign-up with an email already registered', method: 'POST', path: '/v1/users', body: { name: 'Ada', email: 'ada@example.org', password: 'long enough' }, status: 409, auth: 'none' },
  { name: 'log-in without a password', method: 'POST', path: '/v1/tokens', body: { email: 'ada@example.org' }, status: 400, auth: 'none' },
  { name: 'booking without a token', method: 'POST', path: '/v1/sessions', body: { start, duration: 50 }, status: 401, auth: 'none' },
  { name: 'booking with a forged token', method: 'POST', path: '/v1/sessions', body: { start, duration: 50 }, status: 401, auth: 'forged' },
  { name: 'booking with no body', method: 'POST', path: '/v1/sessions', status: 415 },
  { name: 'booking with an empty object', method: 'POST', path: '/v1/sessions', body: {}, status: 400 },
  { name: 'booking with duration as a string', method: 'POST', path: '/v1/sessions', body: { start, duration: '50' }, status: 400 },
  { name: 'booking with a 30-minute duration', method: 'POST', path: '/v1/sessions', body: { start, duration: 30 }, status: 400 },
  { name: 'booking with a fractional duration', method: 'POST', path: '/v1/sessions', body: { start, duration: 50.5 }, status: 400 },
  { name: 'booking with a start that is not a time', method: 'POST', path: '/v1/sessions', body: { start: 'tomorrow', duration: 50 }, status: 400 },
  { name: 'booking with an impossible date', method: 'POST', path: '/v1/sessions', body: { start: '2030-02-30T09:00:00Z', duration: 50 }, status: 400 },
  { name: 'booking with an impossible hour', method: 'POST', path: '/v1/sessions', body: { start: '2030-01-08T25:00:00Z', duration: 50 }, status: 400 },
  { name: 'booking with a time without a zone', method: 'POST', path: '/v1/sessions', body: { start: '2030-01-08T09:00:00', duration: 50 }, status: 400 },
  { name: 'booking with a numeric start', method: 'POST', path: '/v1/sessions', body: { start: 1894000000000, duration: 50 }, status: 400 },
  { name: 'booking off the quarter hour', method: 'POST', path: '/v1/sessions', body: { start: '2030-01-08T09:10:00Z', duration: 50 }, status: 400 },
  { name: 'booking in the past', method: 'POST', path: '/v1/sessions', body: { start: '2030-01-06T09:00:00Z', duration: 50 }, status: 422 },
  { name: 'booking 14 weeks ahead', method: 'POST', path: '/v1/sessions', body: { start: '2030-04-15T09:00:00Z', duration: 50 }, status: 422 },
  { name: 'booking with a task of 281 characters', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: 'x'.repeat(281) }, status: 400 },
  { name: 'booking with a numeric task', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: 42 }, status: 400 },
  { name: 'booking with an unknown field', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, room: 'mine' }, status: 400 },
  { name: 'booking that overlaps a live session', method: 'POST', path: '/v1/sessions', body: { start: '2030-01-09T09:15:00Z', duration: 25 }, status: 409 },
  { name: 'booking with a body over 16 KiB', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: 'x'.repeat(20_000) }, status: 413 },
  { name: 'booking with an Idempotency-Key of 300 characters', method: 'POST', path: '/v1/sessions', body: { start, duration: 50 }, headers: { 'idempotency-key': 'k'.repeat(300) }, status: 400, rule: /^The Idempotency-Key header is not valid/ },
  { name: 'listing with a limit of 0', method: 'GET', path: '/v1/sessions?limit=0', status: 400 },
  { name: 'listing with a limit that is not a number', method: 'GET', path: '/v1/sessions?limit=lots', status: 400 },
  { name: 'listing with an unknown status', method: 'GET', path: '/v1/sessions?status=done', status: 400 },
  { name: 'listing with a malformed from', method: 'GET', path: '/v1/sessions?from=yesterday', status: 400 },
  { name: 'listing with a forged cursor', method: 'GET', path: '/v1/sessions?cursor=bm9wZQ', status: 400 },
  { name: 'listing with an unknown query parameter', method: 'GET', path: '/v1/sessions?sort=desc', status: 400 },
  { name: 'task update with a task of 281 characters', method: 'PATCH', path: '/v1/sessions/{existing}', body: { task: 'x'.repeat(281) }, status: 400 },
  { name: 'task update without the task field', method: 'PATCH', path: '/v1/sessions/{existing}', body: {}, status: 400 },
  { name: 'task update of a session that does not exist', method: 'PATCH', path: '/v1/sessions/nope', body: { task: 'x' }, status: 404 },
  { name: 'cancel of a session that does not exist', method: 'DELETE', path: '/v1/sessions/nope', status: 404 },
  { name: 'a route that does not exist', method: 'POST', path: '/v1/meetings', body: {}, status: 404 },
  { name: 'log-out without a token', method: 'DELETE', path: '/v1/tokens/current', status: 401, auth: 'none' },
  // Text that would not survive the database or a terminal (SPEC §11, issue 8 finding 6).
  { name: 'sign-up with a NUL before the name', method: 'POST', path: '/v1/users', body: { name: '\u0000Mallory', email: 'm@example.org', password: 'long enough' }, status: 400, auth: 'none' , rule: /control characters/ },
  { name: 'sign-up with a lone surrogate in the name', method: 'POST', path: '/v1/users', body: { name: 'Mal\ud800lory', email: 'm@example.org', password: 'long enough' }, status: 400, auth: 'none' , rule: /surrogate/ },
  { name: 'sign-up with a newline inside the name', method: 'POST', path: '/v1/users', body: { name: 'Mal\nlory', email: 'm@example.org', password: 'long enough' }, status: 400, auth: 'none' , rule: /control characters/ },
  { name: 'sign-up with a C1 control (CSI) in the name', method: 'POST', path: '/v1/users', body: { name: 'Mal\u009b31mlory', email: 'm@example.org', password: 'long enough' }, status: 400, auth: 'none' , rule: /control characters/ },
  { name: 'sign-up with a name of 101 emoji families', method: 'POST', path: '/v1/users', body: { name: FAMILY.repeat(101), email: 'm@example.org', password: 'long enough' }, status: 400, auth: 'none' , rule: /at most \d+ characters/ },
  { name: 'sign-up with a NUL in the email', method: 'POST', path: '/v1/users', body: { name: 'M', email: 'm\u0000@example.org', password: 'long enough' }, status: 400, auth: 'none' , rule: /control characters/ },
  { name: 'sign-up with a 70-character email local part', method: 'POST', path: '/v1/users', body: { name: 'M', email: `${'m'.repeat(70)}@example.org`, password: 'long enough' }, status: 400, auth: 'none' , rule: /at most 64 characters/ },
  { name: 'log-in with a 70-character email local part', method: 'POST', path: '/v1/tokens', body: { email: `${'m'.repeat(70)}@example.org`, password: 'long enough' }, status: 400, auth: 'none' , rule: /at most 64 characters/ },
  { name: 'log-in with a NUL in the token label', method: 'POST', path: '/v1/tokens', body: { email: 'ada@example.org', password: 'long enough', label: 'laptop\u0000' }, status: 400, auth: 'none' , rule: /control characters/ },
  { name: 'log-in with a lone surrogate in the token label', method: 'POST', path: '/v1/tokens', body: { email: 'ada@example.org', password: 'long enough', label: '\udc00laptop' }, status: 400, auth: 'none' , rule: /surrogate/ },
  { name: 'log-in with an escape sequence in the token label', method: 'POST', path: '/v1/tokens', body: { email: 'ada@example.org', password: 'long enough', label: '\u001b[2Jlaptop' }, status: 400, auth: 'none' , rule: /control characters/ },
  { name: 'booking with a NUL in the task', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: 'write\u0000 the report' }, status: 400 , rule: /control characters/ },
  { name: 'booking with a lone surrogate in the task', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: 'write \ud83d the report' }, status: 400 , rule: /surrogate/ },
  { name: 'booking with a tab inside the task', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: 'write\tthe report' }, status: 400 , rule: /control characters/ },
  { name: 'booking with DEL in the task', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: 'write\u007f the report' }, status: 400 , rule: /control characters/ },
  { name: 'booking with a task of 281 emoji families', method: 'POST', path: '/v1/sessions', body: { start, duration: 50, task: FAMILY.repeat(281) }, status: 400 , rule: /at most \d+ characters/ },
  { name: 'task update with a NUL in the task', method: 'PATCH', path: '/v1/sessions/{existing}', body: { task: '\u0000' }, status: 400 , rule: /control characters/ },
  { name: 'sign-up with a lone surrogate in the password', method: 'POST', path: '/v1/users', body: { name: 'M', email: 'm@example.org', password: 'long \ud800enough' }, status: 400, auth: 'none', rule: /password: must be valid Unicode/ },
  { name: 'password change to one with a lone surrogate', method: 'PATCH', path: '/v1/me', body: { password: 'a new \udfff password', currentPassword: 'long enough' }, status: 400, rule: /password: must be valid Unicode/ },
  { name: 'task update with a lone surrogate in the task', method: 'PATCH', path: '/v1/sessions/{existing}', body: { task: 'x\udfff' }, status: 400 , rule: /surrogate/ },
];

describe('bad input is refused with a 4xx problem document and writes nothing', () => {
  let h: Harness;
  let token: string;
  let existing: string;
  before(async () => {
    h = await createHarness();
    const response = await h.request('POST', '/v1/users', { body: { name: 'Ada', email: 'ada@example.org', password: 'long enough' } });
    token = (await json(response)).token;
    existing = (await json(await h.book(token, '2030-01-09T09:00:00Z', 50))).id;
  });
  after(() => h.close());

  test('the table holds at least 30 cases', () => assert.ok(CASES.length >= 30));

  for (const c of CASES) {
    test(`${c.name} answers ${c.status}`, async () => {
      const before = await snapshot(h.inspect());
      const auth = c.auth ?? 'ada';
      const response = await h.request(c.method, c.path.replace('{existing}', existing), {
        body: c.body,
        headers: c.headers,
        token: auth === 'ada' ? token : auth === 'forged' ? 'cwk_forged' : undefined,
      });
      assert.equal(response.status, c.status);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      const problem = await json(response);
      assert.equal(problem.status, c.status);
      assert.ok(problem.title && problem.detail && problem.type, 'a problem document has type, title and detail');
      if (c.rule) assert.match(problem.detail, c.rule);
      if (c.status === 400) assert.ok(Array.isArray(problem.errors) && problem.errors.length > 0, 'validation names the bad fields');
      assert.equal(await snapshot(h.inspect()), before, 'nothing was written');
    });
  }

  test('a task of 280 emoji families is accepted and read back unchanged: length counts what a person sees', async () => {
    const task = FAMILY.repeat(280);
    const response = await h.book(token, '2030-01-10T09:00:00Z', 50, task);
    assert.equal(response.status, 201);
    assert.equal((await json(response)).task, task);
  });

  test('a password with emoji (whole surrogate pairs) is valid Unicode: it signs up and logs in', async () => {
    const password = 'long enough \u{1F511}';
    assert.equal((await h.request('POST', '/v1/users', { body: { name: 'Kay', email: 'kay@example.org', password } })).status, 201);
    assert.equal((await h.request('POST', '/v1/tokens', { body: { email: 'kay@example.org', password } })).status, 201);
  });

  test('surrounding whitespace is trimmed, accents and emoji are kept', async () => {
    const response = await h.request('POST', '/v1/users', { body: { name: '  Zoë 🙂\n', email: ' zoe@example.org ', password: 'long enough' } });
    assert.equal(response.status, 201);
    const { user } = await json(response);
    assert.equal(user.name, 'Zoë 🙂');
    assert.equal(user.email, 'zoe@example.org');
  });
});

/** Bytes Node's own HTTP parser refuses before the app sees them (issue 8 finding 8). */
const signUpJson = JSON.stringify({ name: 'Eve', email: 'eve@example.org', password: 'long enough' });
const WIRE_CASES: { name: string; bytes: string; status: number; rule: RegExp }[] = [
  { name: 'headers over 16 KiB', bytes: `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`, status: 431, rule: /headers/ },
  { name: 'a Content-Length that is not a number', bytes: `POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n${signUpJson}`, status: 400, rule: /Content-Length/ },
  { name: 'two different Content-Lengths', bytes: `POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${signUpJson.length}\r\nContent-Length: 5\r\n\r\n${signUpJson}`, status: 400, rule: /Content-Length/ },
  { name: 'Content-Length together with chunked Transfer-Encoding', bytes: `POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, status: 400, rule: /Content-Length|chunked/ },
  { name: 'a malformed request line', bytes: 'HELLO\r\n\r\n', status: 400, rule: /request line/ },
  { name: 'a request line with an unknown HTTP version', bytes: 'GET /healthz HTTP/7.0\r\nHost: x\r\n\r\n', status: 400, rule: /request line/ },
  { name: 'a NUL inside a header value', bytes: 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000b\r\n\r\n', status: 400, rule: /header/ },
  { name: 'a chunked body with a chunk size that is not hex', bytes: `POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${signUpJson}\r\n0\r\n\r\n`, status: 400, rule: /chunked/ },
];

describe("bytes Node's HTTP parser refuses get a 4xx problem document and write nothing", () => {
  let server: ServerProcess;
  const dump = async () => {
    const client = createClient({ url: pathToFileURL(server.dbPath).href });
    try {
      return await snapshot(client);
    } finally {
      client.close();
    }
  };
  before(async () => (server = await startServerProcess()));
  after(() => server.stop());

  for (const c of WIRE_CASES) {
    test(`${c.name} answers ${c.status}`, async () => {
      const before = await dump();
      const answer = await rawExchange(server.url, c.bytes);
      assert.equal(answer.status, c.status);
      assert.equal(answer.headers['content-type'], 'application/problem+json');
      const problem = JSON.parse(answer.body) as Record<string, unknown>;
      assert.equal(problem.status, c.status);
      assert.match(String(problem.detail), c.rule);
      assert.equal(await dump(), before, 'nothing was written');
    });
  }

  test('the server still answers after all of them', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.doesNotMatch(server.stderr(), /unexpected error/);
  });
});
