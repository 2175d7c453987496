import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ConfigError, resolveEdgeLimits } from '../../api/config/config.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** Issue 8 finding 8: what one process lets strangers hold, and how Node's own refusals read. */

describe('edge settings are checked at start-up', () => {
  test('unset, they default to 512 connections, 10 s for headers, 30 s per request, 5 s idle keep-alive', () => {
    assert.deepEqual(resolveEdgeLimits({}), { maxConnections: 512, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
  });

  for (const [env, message] of [
    [{ COWORK_MAX_CONNECTIONS: 'lots' }, /COWORK_MAX_CONNECTIONS must be a whole number of connections from 1/],
    [{ COWORK_MAX_CONNECTIONS: '0' }, /COWORK_MAX_CONNECTIONS must be/],
    [{ COWORK_MAX_CONNECTIONS: '12.5' }, /COWORK_MAX_CONNECTIONS must be/],
    [{ COWORK_HEADERS_TIMEOUT_MS: '10' }, /COWORK_HEADERS_TIMEOUT_MS must be a whole number of milliseconds from 1000/],
    [{ COWORK_REQUEST_TIMEOUT_MS: '-1' }, /COWORK_REQUEST_TIMEOUT_MS must be/],
    [{ COWORK_KEEP_ALIVE_TIMEOUT_MS: '5s' }, /COWORK_KEEP_ALIVE_TIMEOUT_MS must be/],
    [{ COWORK_HEADERS_TIMEOUT_MS: '60000' }, /COWORK_HEADERS_TIMEOUT_MS \(60000\) must not exceed COWORK_REQUEST_TIMEOUT_MS \(30000\)/],
  ] as const) {
    test(`${JSON.stringify(env)} is refused with a ConfigError that names the setting`, () => {
      assert.throws(() => resolveEdgeLimits(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  test('a bad edge setting stops `cowork serve` with one line, not a stack', async () => {
    await assert.rejects(startServerProcess({ env: { COWORK_MAX_CONNECTIONS: 'lots' } }), (error: Error) => {
      assert.match(error.message, /cowork: COWORK_MAX_CONNECTIONS must be a whole number/);
      assert.doesNotMatch(error.message, /^\s+at /m);
      return true;
    });
  });
});

const CAP = 10;
const SOCKETS = 25;
const HEADERS_DEADLINE_MS = 2_000;

/** An idle socket, and what it heard before the server closed it. */
function idleSocket(url: URL): Promise<{ socket: Socket; heard: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const heard = new Promise<string>((done) => socket.once('close', () => done(received)));
    socket.once('error', () => undefined); // a refused socket may be reset rather than closed
    socket.once('connect', () => resolve({ socket, heard }));
    socket.once('error', reject);
  });
}

describe('a process holds at most COWORK_MAX_CONNECTIONS sockets and cuts slow clients at the header deadline', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({
      env: { COWORK_MAX_CONNECTIONS: String(CAP), COWORK_HEADERS_TIMEOUT_MS: String(HEADERS_DEADLINE_MS), COWORK_REQUEST_TIMEOUT_MS: String(HEADERS_DEADLINE_MS) },
    });
  });
  after(() => server.stop());

  test(`${SOCKETS} idle sockets against a cap of ${CAP}: the extra ones are closed unanswered, the rest get a 408 problem, then the server answers`, async () => {
    const url = new URL(server.url);
    const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => idleSocket(url)));
    const heard = await Promise.all(sockets.map((s) => s.heard));
    const refused = heard.filter((text) => text === '');
    const timedOut = heard.filter((text) => text.startsWith('HTTP/1.1 408 '));
    assert.equal(refused.length, SOCKETS - CAP, 'sockets over the cap are closed without a word');
    assert.equal(timedOut.length, CAP, 'sockets under the cap are held until the header deadline');
    for (const text of timedOut) {
      assert.match(text, /\r\nContent-Type: application\/problem\+json\r\n/);
      assert.match(text, /"status":408/);
    }
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const notices = server.stderr().match(/connections are open, the most COWORK_MAX_CONNECTIONS allows/g) ?? [];
    assert.equal(notices.length, 1, 'a burst of refusals is logged once');
  });
});

describe('an upload the client abandons', () => {
  let server: ServerProcess;
  before(async () => (server = await startServerProcess()));
  after(() => server.stop());

  test('is logged as one line, not as an unexpected error with a stack', async () => {
    const signUp = await fetch(`${server.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.org', password: 'long enough' }),
    });
    const { token } = (await signUp.json()) as { token: string };
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.once('error', () => undefined);
    const head = `POST /v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    // Half a body, then the connection drops once those bytes have left this process.
    socket.write(`${head}f\r\n{"start":"2030-\r\n`, () => socket.destroy());
    const line = 'cowork: client aborted the upload of POST /v1/sessions';
    // Wait for the server's own log line rather than for a time.
    for (let tries = 0; !server.stderr().includes(line) && tries < 200; tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.ok(server.stderr().includes(line), server.stderr());
    assert.doesNotMatch(server.stderr(), /unexpected error|^\s+at /m);
  });
});
