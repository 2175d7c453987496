import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startServerProcess } from '../helpers/server-process.js';

/** The built `bin/cowork serve` (real sockets, so the socket address exists) on a fresh database, with the default 10 sign-ups an hour that server-process otherwise lifts. */
async function withServer(env: Record<string, string>, run: (url: string) => Promise<void>): Promise<void> {
  const server = await startServerProcess({ env: { COWORK_NOW: '2030-01-07T10:00:00Z', COWORK_SIGNUPS_PER_HOUR: '10', ...env } });
  try {
    await run(server.url);
  } finally {
    await server.stop();
  }
}

const post = (url: string, path: string, body: unknown, forwardedFor?: string) =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify(body),
  });

async function lockFrom(url: string, forwardedFor: string): Promise<void> {
  assert.equal((await post(url, '/v1/users', { name: 'Ada', email: 'ada@example.org', password: 'correct horse battery' })).status, 201);
  for (let i = 0; i < 5; i++) await post(url, '/v1/tokens', { email: 'ada@example.org', password: 'wrong password' }, forwardedFor);
}

describe('the client address of the limits', () => {
  test('with COWORK_TRUST_PROXY=1 it is the last hop of X-Forwarded-For, which the proxy appended', async () => {
    await withServer({ COWORK_TRUST_PROXY: '1' }, async (url) => {
      await lockFrom(url, '10.9.9.9, 198.51.100.1');
      const right = { email: 'ada@example.org', password: 'correct horse battery' };
      assert.equal((await post(url, '/v1/tokens', right, '198.51.100.1')).status, 429);
      assert.equal((await post(url, '/v1/tokens', right, '10.9.9.9, 198.51.100.2')).status, 201);
    });
  });

  test('without it X-Forwarded-For is ignored and the socket address counts', async () => {
    await withServer({}, async (url) => {
      await lockFrom(url, '198.51.100.1');
      const response = await post(url, '/v1/tokens', { email: 'ada@example.org', password: 'correct horse battery' }, '198.51.100.2');
      assert.equal(response.status, 429);
    });
  });

  test('sign-ups per address: the 11th in an hour is 429 with Retry-After and retryAt; another address is served', async () => {
    await withServer({ COWORK_TRUST_PROXY: '1' }, async (url) => {
      const signUp = (i: number, from: string) => post(url, '/v1/users', { name: `P${i}`, email: `p${i}@example.org`, password: 'long enough' }, from);
      for (let i = 0; i < 10; i++) assert.equal((await signUp(i, '198.51.100.1')).status, 201);
      const refused = await signUp(10, '198.51.100.1');
      assert.equal(refused.status, 429);
      const body = (await refused.json()) as { detail: string; retryAt: string };
      assert.match(body.detail, /10 sign-ups in the last hour/);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter > 3500 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
      assert.ok(Date.parse(body.retryAt) > Date.parse('2030-01-07T10:59:00Z'));
      assert.equal((await signUp(10, '198.51.100.2')).status, 201, 'another address is served');
    });
  });
});
