import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { createClient } from '@libsql/client';
import { Database } from '../../api/storage/engine/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

// Real processes on the server's clock (COWORK_NOW, then real speed); a short tick keeps the wait to seconds.
const env = (now: string) => ({ COWORK_NOW: now, COWORK_JOB_LEASE_MS: '2000', COWORK_JOB_TICK_MS: '200' });
const T0 = '2030-03-04T06:00:00.000Z';
const T2 = '2030-03-06T06:00:00.000Z';
const DAY = 86_400_000;
const ROUTINES = 12;
const HORIZON_DAYS = 5;

async function post(server: ServerProcess, path: string, body: unknown, token?: string): Promise<Record<string, any>> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as Record<string, any>;
}

test('two server processes and a restart in the middle book each routine occurrence exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-routines-'));
  const dbPath = join(dir, 'cowork.db');
  (await Database.open({ url: pathToFileURL(dbPath).href })).close();
  const client = createClient({ url: pathToFileURL(dbPath).href });
  await client.execute('PRAGMA busy_timeout = 5000');
  const running: ServerProcess[] = [];
  try {
    running.push(await startServerProcess({ dbPath, env: env(T0) }), await startServerProcess({ dbPath, env: env(T0) }));
    const people = await Promise.all(Array.from({ length: ROUTINES }, (_, i) =>
      post(running[i % 2]!, '/v1/users', { name: `P${i}`, email: `p${i}@example.org`, password: 'correct horse battery', timezone: 'Europe/Berlin' })));
    // Both servers create routines at once; each books its first occurrences in the request.
    await Promise.all(people.map((person, i) =>
      post(running[i % 2]!, '/v1/routines', { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '09:00', duration: 50, horizonDays: HORIZON_DAYS }, person.token)));
    await Promise.all(running.splice(0).map((server) => server.stop()));

    // Two days later: two servers roll the horizons; one is killed and restarted midway.
    running.push(await startServerProcess({ dbPath, env: env(T2) }), await startServerProcess({ dbPath, env: env(T2) }));
    running.shift()!.kill('SIGKILL');
    running.push(await startServerProcess({ dbPath, env: env(T2) }));
    const rolledTo = Date.parse(T2) + HORIZON_DAYS * DAY;
    for (const deadline = Date.now() + 30_000; ;) {
      const behind = await client.execute({ sql: 'SELECT COUNT(*) AS n FROM routines WHERE booked_until < ?', args: [rolledTo] });
      if (Number(behind.rows[0]!.n) === 0) break;
      assert.ok(Date.now() < deadline, 'every routine rolled forward within 30 s');
      await delay(100);
    }

    const perStart = await client.execute(`SELECT routine_id, start_at, COUNT(*) AS n FROM sessions GROUP BY routine_id, start_at`);
    assert.ok(perStart.rows.every((row) => Number(row.n) === 1), 'no occurrence booked twice');
    // 09:00 Berlin (08:00 UTC in March) each day from T0 to the rolled horizon: 7 days per routine.
    const expected = Array.from({ length: 7 }, (_, d) => Date.parse('2030-03-04T08:00:00Z') + d * DAY);
    const byRoutine = new Map<string, number[]>();
    for (const row of perStart.rows) byRoutine.set(String(row.routine_id), [...(byRoutine.get(String(row.routine_id)) ?? []), Number(row.start_at)]);
    assert.equal(byRoutine.size, ROUTINES);
    for (const starts of byRoutine.values()) assert.deepEqual(starts.sort((a, b) => a - b), expected);
    const occurrences = await client.execute(`SELECT COUNT(*) AS n FROM routine_occurrences WHERE outcome = 'booked'`);
    assert.equal(Number(occurrences.rows[0]!.n), ROUTINES * 7);
  } finally {
    await Promise.all(running.map((server) => server.stop()));
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
