import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { callApi } from '../helpers/call-api.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * HTTP as client authors expect it (SPEC §13), through the built server process: ETag and 304 on
 * JSON reads, the IETF RateLimit fields counting down, X-Request-Id from answer to problem
 * document to log line, compression over 1 KiB when asked, CORS only for COWORK_CORS_ORIGINS.
 */
let server: ServerProcess;
/** Without COWORK_CORS_ORIGINS, nor the contract-checking proxy: a raw socket reaches the server itself. */
let plain: ServerProcess;
before(async () => {
  [server, plain] = await Promise.all([
    startServerProcess({ env: { COWORK_SIGNUPS_PER_HOUR: '3', COWORK_CORS_ORIGINS: 'http://allowed.example:8080' }, checkContract: true }),
    startServerProcess(),
  ]);
});
after(async () => {
  await Promise.all([server?.stop(), plain?.stop()]);
});

/** A raw answer: node:http leaves the body as sent (fetch would decompress it). */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}${path}`, { method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode!, headers: answer.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

const signUp = (email: string) => fetch(`${server.url}/v1/users`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada', email, password: 'long enough' }),
});

describe('rate-limited routes', () => {
  test('sign-ups count down in RateLimit under their RateLimit-Policy, then 429 with r=0 and Retry-After', async () => {
    const remaining: string[] = [];
    for (const n of [1, 2, 3]) {
      const answer = await signUp(`limit${n}@example.org`);
      assert.equal(answer.status, 201);
      assert.equal(answer.headers.get('ratelimit-policy'), '"signup";q=3;w=3600');
      remaining.push(answer.headers.get('ratelimit')!.replace(/;t=\d+$/, ''));
    }
    assert.deepEqual(remaining, ['"signup";r=2', '"signup";r=1', '"signup";r=0']);
    const refused = await signUp('limit4@example.org');
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get('ratelimit') ?? '', /^"signup";r=0;t=(\d+)$/);
    const t = Number(/t=(\d+)/.exec(refused.headers.get('ratelimit')!)![1]);
    assert.ok(t > 3500 && t <= 3600, `t=${t}`);
    assert.equal(refused.headers.get('retry-after'), String(t));
  });

  test('wrong passwords count down the log-in policy, on the 401s themselves', async () => {
    const fields: string[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await fetch(`${server.url}/v1/tokens`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'limit1@example.org', password: 'wrong guess' }),
      });
      assert.equal(answer.headers.get('ratelimit-policy'), '"login";q=5;w=900');
      fields.push(`${answer.status} ${answer.headers.get('ratelimit')!.replace(/;t=\d+$/, '')}`);
    }
    assert.deepEqual(fields, ['401 "login";r=4', '401 "login";r=3', '401 "login";r=2', '401 "login";r=1', '401 "login";r=0', '429 "login";r=0']);
  });
});

describe('password checks of PATCH /v1/me', () => {
  test('count a wrong password in RateLimit, and a right one not', async () => {
    const { token } = await callApi(server.url, 'POST', '/v1/tokens', undefined, { email: 'limit3@example.org', password: 'long enough' });
    const change = (currentPassword: string) => fetch(`${server.url}/v1/me`, {
      method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'a new long one', currentPassword }),
    });
    const wrong = await change('not it');
    assert.equal(wrong.status, 403);
    assert.match(wrong.headers.get('ratelimit') ?? '', /^"login";r=4;t=\d+$/);
    const right = await change('long enough');
    assert.equal(right.status, 200);
    assert.match(right.headers.get('ratelimit') ?? '', /^"login";r=4;t=\d+$/);
  });
});

describe('ETag on JSON reads', () => {
  test('a conditional GET answers 304 with no body while unchanged, and 200 with a new ETag once changed', async () => {
    const { token } = await callApi(server.url, 'POST', '/v1/tokens', undefined, { email: 'limit2@example.org', password: 'long enough' });
    const auth = { authorization: `Bearer ${token}` };
    const first = await fetch(`${server.url}/v1/me`, { headers: auth });
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[^"]+"$/);
    const again = await fetch(`${server.url}/v1/me`, { headers: { ...auth, 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    assert.equal(again.headers.get('etag'), etag);
    assert.ok(again.headers.get('x-request-id'));
    await callApi(server.url, 'PATCH', '/v1/me', token, { name: 'Ada Lovelace' });
    const changed = await fetch(`${server.url}/v1/me`, { headers: { ...auth, 'if-none-match': etag! } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
  });
});

describe('X-Request-Id', () => {
  test('a sane id is sent back and named in the problem document; an unsafe or overlong one is replaced', async () => {
    const refused = await fetch(`${server.url}/v1/me`, { headers: { 'x-request-id': 'client-42_a=b' } });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('x-request-id'), 'client-42_a=b');
    assert.equal(((await refused.json()) as { requestId: string }).requestId, 'client-42_a=b');
    for (const insane of ['has space', 'x'.repeat(129), 'semi;colon']) {
      const answer = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': insane } });
      assert.match(answer.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, insane);
    }
    const made = await fetch(`${server.url}/healthz`);
    assert.match(made.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('the log line about a request names its id', async () => {
    const { token } = await callApi(plain.url, 'POST', '/v1/users', undefined, { name: 'Cy', email: 'cy@example.org', password: 'long enough' });
    const url = new URL(plain.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.once('error', () => undefined);
    const head = `POST /v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nX-Request-Id: upload-7\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    socket.write(`${head}f\r\n{"start":"2030-\r\n`, () => socket.destroy());
    const line = 'cowork: client aborted the upload of POST /v1/sessions (request upload-7)';
    for (let tries = 0; !plain.stderr().includes(line) && tries < 200; tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.ok(plain.stderr().includes(line), plain.stderr());
  });
});

describe('compression', () => {
  test('/openapi.json is gzipped when asked, and the same document once inflated', async () => {
    const plain = await raw('/openapi.json');
    const zipped = await raw('/openapi.json', { 'accept-encoding': 'gzip' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(String(zipped.headers.vary), /Accept-Encoding/);
    assert.deepEqual(gunzipSync(zipped.body), plain.body);
    assert.ok(zipped.body.length * 4 < plain.body.length, `${plain.body.length} bytes became ${zipped.body.length}`);
  });

  test('an answer under 1 KiB goes as it is', async () => {
    const small = await raw('/healthz', { 'accept-encoding': 'gzip, deflate' });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal(small.body.toString(), '{"status":"ok"}');
  });
});

describe('CORS', () => {
  test('a preflight from an allowed origin is answered with what it may send and read', async () => {
    const answer = await raw('/v1/sessions', {
      origin: 'http://allowed.example:8080', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key',
    }, 'OPTIONS');
    assert.equal(answer.status, 204);
    assert.equal(answer.headers['access-control-allow-origin'], 'http://allowed.example:8080');
    assert.match(String(answer.headers['access-control-allow-methods']), /POST/);
    assert.match(String(answer.headers['access-control-allow-headers']), /Authorization/);
    assert.match(String(answer.headers['access-control-allow-headers']), /Idempotency-Key/);
  });

  test('an answer to an allowed origin exposes the headers clients read; another origin gets no CORS grant', async () => {
    const allowed = await raw('/v1/me', { origin: 'http://allowed.example:8080' });
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://allowed.example:8080');
    assert.match(String(allowed.headers['access-control-expose-headers']), /X-Request-Id/);
    assert.match(String(allowed.headers['access-control-expose-headers']), /RateLimit/);
    const other = await raw('/v1/me', { origin: 'http://elsewhere.example' });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const preflight = await raw('/v1/me', { origin: 'http://elsewhere.example', 'access-control-request-method': 'GET' }, 'OPTIONS');
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  });

  test('with COWORK_CORS_ORIGINS unset, no origin is granted and OPTIONS is a 405', async () => {
    const answer = await fetch(`${plain.url}/v1/me`, { method: 'OPTIONS', headers: { origin: 'http://allowed.example:8080', 'access-control-request-method': 'GET' } });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
  });
});
