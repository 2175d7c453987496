import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import { createClient, type Client } from '@libsql/client';
import { DELIVERY_PER_PERSON } from '../../api/jobs/deliver-webhooks.js';
import { Database } from '../../api/storage/engine/database.js';
import { callApi } from '../helpers/call-api.js';
import { startDrippingReceiver } from '../helpers/dripping-receiver.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

// Real processes on the real clock. Generous lease and tick so a loaded machine's pauses are not
// mistaken for a stall; a 30 s delivery deadline keeps the dripping sends in flight for the whole
// time the other work is watched (webhook-send-deadline.test.ts shows the deadline itself).
const LEASE_MS = 5_000;
const ENV = {
  COWORK_NOW: '2030-01-07T10:00:00Z', COWORK_WEBHOOK_ALLOW_PRIVATE: '1', COWORK_WEBHOOK_TIMEOUT_MS: '30000',
  COWORK_JOB_LEASE_MS: String(LEASE_MS), COWORK_JOB_TICK_MS: '250',
};
const SLOT = '2030-01-07T15:00:00.000Z';
const JOBS = ['announce-starting', 'deliver-webhooks', 'prune', 'refresh-busy-calendars', 'roll-routines'];

const signUp = async (base: string, name: string) =>
  (await callApi(base, 'POST', '/v1/users', undefined, { name, email: `${name}@example.org`, password: 'correct horse battery' })) as { token: string };

async function poll<T>(what: string, read: () => Promise<T | undefined>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await delay(50);
  }
}

/**
 * Samples every job's lease row until stopped: who held it, and the longest real time its expiry
 * stood still. A holder alive and renewing moves it at every tick; a stalled one leaves it standing.
 */
function watchLeases(client: Client) {
  const holders = new Map<string, Set<string>>();
  const lastMove = new Map<string, { expiresAt: number; at: number }>();
  const longestStill = new Map<string, number>();
  let watching = true;
  const sample = async () => {
    while (watching) {
      const rows = (await client.execute('SELECT job, holder, expires_at FROM job_leases')).rows;
      const at = performance.now();
      for (const row of rows) {
        const job = String(row.job);
        if (!holders.has(job)) holders.set(job, new Set());
        holders.get(job)!.add(String(row.holder));
        const expiresAt = Number(row.expires_at);
        const last = lastMove.get(job);
        if (!last || last.expiresAt !== expiresAt) lastMove.set(job, { expiresAt, at });
        longestStill.set(job, Math.max(longestStill.get(job) ?? 0, at - (lastMove.get(job)!.at)));
      }
      await delay(100);
    }
  };
  const sampling = sample();
  return {
    stop: async () => {
      watching = false;
      await sampling;
      return { holders, longestStill };
    },
  };
}

async function slowReceiverScenario(t: TestContext, processes: 1 | 2): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-slow-receiver-'));
  const dbPath = join(dir, 'cowork.db');
  (await Database.open({ url: pathToFileURL(dbPath).href })).close();
  const client = createClient({ url: pathToFileURL(dbPath).href });
  await client.execute('PRAGMA busy_timeout = 5000');
  const dripping = await startDrippingReceiver(4_000);
  const receiver = await startReceiver();
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < processes; i++) servers.push(await startServerProcess({ dbPath, env: ENV }));
    const url = (i: number) => servers[i % servers.length]!.url;
    await poll('every job to have a lease holder', async () => {
      const held = (await client.execute('SELECT count(*) AS n FROM job_leases WHERE holder IS NOT NULL')).rows[0]!.n;
      return Number(held) === JOBS.length ? true : undefined;
    }, 20_000);

    // Mallory's receiver drips one byte every 4 s; she pings it the most a minute allows.
    const mallory = await signUp(url(0), 'Mallory');
    const slowHook = await callApi(url(0), 'POST', '/v1/webhooks', mallory.token, { url: dripping.url });
    for (let i = 0; i < 10; i++) await callApi(url(i), 'POST', `/v1/webhooks/${slowHook.id}/ping`, mallory.token);
    await poll('the sends to the dripping receiver', async () => (dripping.open() > 0 ? true : undefined), 15_000);
    const leases = watchLeases(client);

    // Another person's match, while those sends are in flight.
    const ada = await signUp(url(0), 'Ada');
    const bob = await signUp(url(1), 'Bob');
    await callApi(url(1), 'POST', '/v1/webhooks', bob.token, { url: receiver.url, events: ['session.matched'] });
    await callApi(url(0), 'POST', '/v1/sessions', ada.token, { start: SLOT, duration: 50 });
    const bookedAt = performance.now();
    await callApi(url(1), 'POST', '/v1/sessions', bob.token, { start: SLOT, duration: 50 });
    const [matched] = await poll('Bob\'s session.matched', async () => (receiver.received().length > 0 ? receiver.received() : undefined), 20_000);
    const latencyMs = performance.now() - bookedAt;
    t.diagnostic(`${processes} process(es): Bob's session.matched arrived ${Math.round(latencyMs)} ms after his booking, with ${dripping.open()} sends to the dripping receiver open`);
    assert.equal(matched!.type, 'session.matched');
    assert.ok(latencyMs < 10_000, `session.matched took ${Math.round(latencyMs)} ms`);

    // Routines still roll, and every other job still steps: each made due now, each seen to run.
    const carol = await signUp(url(0), 'Carol');
    const routine = await callApi(url(0), 'POST', '/v1/routines', carol.token, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '09:00', duration: 50, timezone: 'UTC' });
    await client.execute({ sql: 'UPDATE routines SET next_roll_at = 0 WHERE id = ?', args: [routine.id] });
    await client.execute(`UPDATE job_leases SET due_at = 0 WHERE job <> 'deliver-webhooks'`);
    const madeDueAt = performance.now();
    await poll('the routine to roll and the other jobs to step', async () => {
      const rolled = Number((await client.execute({ sql: 'SELECT next_roll_at FROM routines WHERE id = ?', args: [routine.id] })).rows[0]!.next_roll_at) > 0;
      const waiting = Number((await client.execute(`SELECT count(*) AS n FROM job_leases WHERE due_at = 0`)).rows[0]!.n);
      return rolled && waiting === 0 ? true : undefined;
    }, 10_000);
    t.diagnostic(`the routine rolled and prune, announce-starting stepped ${Math.round(performance.now() - madeDueAt)} ms after being made due`);
    const slowAttempts = (await client.execute({ sql: 'SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ?', args: [slowHook.id] })).rows[0]!.n;
    assert.equal(Number(slowAttempts), 0, 'all of this while the dripping sends were still in flight');
    assert.equal(dripping.open(), DELIVERY_PER_PERSON, 'one person\'s slow receiver holds their share of the sends, and no more');

    const { holders, longestStill } = await leases.stop();
    t.diagnostic(`longest time a lease's expiry stood still (ms): ${JSON.stringify(Object.fromEntries([...longestStill].map(([job, ms]) => [job, Math.round(ms)])))}`);
    for (const job of JOBS) {
      assert.equal(holders.get(job)?.size, 1, `${job} never changed hands: ${[...(holders.get(job) ?? [])].join(', ')}`);
      assert.ok(longestStill.get(job)! < LEASE_MS, `${job}'s lease was renewed at least once a lease length (still for ${Math.round(longestStill.get(job)!)} ms)`);
    }
    // Shutdown does not wait for the dripping receiver beyond its grace.
    const stopping = performance.now();
    assert.deepEqual(await Promise.all(servers.map((server) => server.stop())), servers.map(() => 0));
    t.diagnostic(`SIGTERM to exit with the dripping sends open: ${Math.round(performance.now() - stopping)} ms`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all([dripping.stop(), receiver.stop()]);
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('one person\'s receiver drips a byte every 4 s: another person\'s session.matched arrives within 10 s, routines roll, every lease is renewed', { timeout: 90_000 }, (t) =>
  slowReceiverScenario(t, 1));

test('the same with two server processes: no job changes hands, none stalls', { timeout: 90_000 }, (t) => slowReceiverScenario(t, 2));
