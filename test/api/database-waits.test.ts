import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createClient } from '@libsql/client';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { snapshot } from './harness.js';

const HOLDER = fileURLToPath(new URL('./fixtures/hold-write-lock.ts', import.meta.url));
const DAY = 86_400_000;
const tomorrowAt = (hour: number) => new Date(Math.floor(Date.now() / DAY + 1) * DAY + hour * 3_600_000).toISOString();

/** Another process takes the write lock; resolves once it holds it, with a promise of its exit. */
async function holdWriteLock(dbPath: string, holdMs: number): Promise<{ released: Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dbPath, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Timed when the holder says it is about to roll back, not at its exit: a loaded machine can take
  // long to end a process, and the server may rightly answer in between.
  const released = new Promise<number>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('releasing') && resolve(performance.now()));
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => chunk.includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
  return { released };
}

async function signUp(server: ServerProcess, name: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, email: `${name.toLowerCase()}@example.org`, password: 'long enough password' }),
  });
  assert.equal(response.status, 201);
  return ((await response.json()) as { token: string }).token;
}

function book(server: ServerProcess, token: string, start: string) {
  return fetch(`${server.url}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ start, duration: 50 }),
  });
}

async function timed(request: Promise<Response>): Promise<{ status: number; ms: number }> {
  const began = performance.now();
  const response = await request;
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - began };
}

describe('a write lock held by another process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-waits-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('for 5 s, within the wait deadline', () => {
    const dbPath = join(dir, 'short-hold.db');
    let server: ServerProcess;
    before(async () => (server = await startServerProcess({ dbPath })));
    after(() => server.stop());

    test('/healthz and /v1/me answer in under 1 s meanwhile, and the booking sent during the hold succeeds once the lock is released', async () => {
      const token = await signUp(server, 'Ada');
      const lock = await holdWriteLock(dbPath, 5_000);
      let bookingAnsweredAt: number | undefined;
      const booking = book(server, token, tomorrowAt(9)).then((response) => {
        bookingAnsweredAt = performance.now();
        return response;
      });
      await sleep(300); // the booking now waits for the lock inside the server

      const health = await timed(fetch(`${server.url}/healthz`));
      const me = await timed(fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } }));
      assert.equal(health.status, 200);
      assert.equal(me.status, 200);
      assert.ok(health.ms < 1_000, `/healthz answered in ${health.ms.toFixed(0)} ms while the lock was held`);
      assert.ok(me.ms < 1_000, `/v1/me answered in ${me.ms.toFixed(0)} ms while the lock was held`);
      assert.equal(bookingAnsweredAt, undefined, 'the booking waits for the lock');

      const response = await booking;
      const releasedAt = await lock.released;
      assert.equal(response.status, 201);
      assert.ok(bookingAnsweredAt! >= releasedAt - 50, 'the booking was answered after the lock was released');
      const { id } = (await response.json()) as { id: string };
      const client = createClient({ url: pathToFileURL(dbPath).href });
      const stored = await client.execute({ sql: 'SELECT count(*) AS n FROM sessions WHERE id = ?', args: [id] });
      client.close();
      assert.equal(Number(stored.rows[0]!.n), 1);
    });
  });

  describe('for longer than COWORK_DB_WAIT_MS', () => {
    const dbPath = join(dir, 'long-hold.db');
    let server: ServerProcess;
    before(async () => (server = await startServerProcess({ dbPath, env: { COWORK_DB_WAIT_MS: '1000' } })));
    after(() => server.stop());

    test('the booking answers 503 with Retry-After after the deadline, and nothing is written', async () => {
      const token = await signUp(server, 'Bob');
      const client = createClient({ url: pathToFileURL(dbPath).href });
      const before = await snapshot(client);
      const lock = await holdWriteLock(dbPath, 3_000);

      const response = await book(server, token, tomorrowAt(10));
      const health = await timed(fetch(`${server.url}/healthz`));
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.ok(Number(response.headers.get('retry-after')) >= 1, 'Retry-After says when to try again');
      assert.equal(((await response.json()) as { type: string }).type, 'urn:cowork:problem:database-busy');
      assert.equal(health.status, 200, '/healthz still answers while the lock is held');

      await lock.released;
      assert.equal(await snapshot(client), before);
      client.close();
    });
  });
});
