import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { createClient, type Client } from '@libsql/client';
import { Database } from '../../api/storage/engine/database.js';
import { IDEMPOTENCY_RETENTION_MS } from '../../api/storage/idempotency.js';
import { startServerProcess } from '../helpers/server-process.js';

// Real processes share the real clock, so this test waits; a short lease keeps the wait to seconds.
const LEASE_MS = 2_000;
const TICK_MS = 200;
const env = { COWORK_JOB_LEASE_MS: String(LEASE_MS), COWORK_JOB_TICK_MS: String(TICK_MS) };

interface Lease {
  holder: string | null;
  pid: number | null;
  expiresAt: number;
  dueAt: number;
}

async function readLease(client: Client): Promise<Lease | undefined> {
  const row = (await client.execute(`SELECT holder, expires_at, due_at FROM job_leases WHERE job = 'prune'`)).rows[0];
  if (!row) return undefined;
  const holder = row.holder === null ? null : String(row.holder);
  return { holder, pid: holder ? Number(holder.split(':').at(-2)) : null, expiresAt: Number(row.expires_at), dueAt: Number(row.due_at) };
}

/** Polls until `read` answers something, failing at `deadline` (ms since the epoch). */
async function poll<T>(what: string, read: () => Promise<T | undefined>, deadline: number): Promise<T> {
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(TICK_MS / 4);
  }
}

async function addExpiredKey(client: Client, key: string): Promise<void> {
  await client.execute({
    sql: `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES ('u1', ?, 'hash', 201, '{}', ?)`,
    args: [key, Date.now() - IDEMPOTENCY_RETENTION_MS - 60_000],
  });
}

const keyCount = async (client: Client) => Number((await client.execute('SELECT count(*) AS n FROM idempotency_keys')).rows[0]!.n);

test('two server processes on one database: one lease holder at a time; the holder killed, the other takes over within the lease time; SIGTERM frees the lease', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-jobs-'));
  const dbPath = join(dir, 'cowork.db');
  (await Database.open({ url: pathToFileURL(dbPath).href })).close();
  const client = createClient({ url: pathToFileURL(dbPath).href });
  await client.execute('PRAGMA busy_timeout = 5000');
  await addExpiredKey(client, 'expired-before-start');
  const servers = await Promise.all([startServerProcess({ dbPath, env }), startServerProcess({ dbPath, env })]);
  try {
    const first = await poll('a first lease holder', async () => ((await readLease(client))?.holder ? readLease(client) : undefined), Date.now() + 10 * LEASE_MS);
    const holder = servers.find((server) => server.pid === first.pid);
    const other = servers.find((server) => server.pid !== first.pid)!;
    assert.ok(holder, `the holder ${first.holder} is one of the two servers`);
    await poll('the first step to prune the expired key', async () => ((await keyCount(client)) === 0 ? true : undefined), Date.now() + 10 * LEASE_MS);

    let lastSeen = first;
    const watchUntil = Date.now() + 3 * LEASE_MS;
    while (Date.now() < watchUntil) {
      lastSeen = (await readLease(client))!;
      assert.equal(lastSeen.holder, first.holder, 'the lease never changes hands while its holder renews it');
      await delay(TICK_MS / 2);
    }
    assert.ok(lastSeen.expiresAt >= first.expiresAt + 2 * LEASE_MS, 'the holder kept renewing its lease');

    holder.kill('SIGKILL');
    assert.equal(await holder.stop(), null);
    const killed = (await readLease(client))!;
    assert.equal(killed.holder, first.holder);

    // The survivor takes over at its first tick after the dead holder's lease ends; a second lease length is slack for a busy machine.
    const taken = await poll('the survivor to take over', async () => {
      const lease = await readLease(client);
      return lease?.holder && lease.holder !== first.holder ? lease : undefined;
    }, killed.expiresAt + LEASE_MS);
    assert.equal(taken.pid, other.pid);
    const takenAt = taken.expiresAt - LEASE_MS;
    assert.ok(takenAt >= killed.expiresAt, `taken over at ${takenAt}, not before the dead holder's lease ended at ${killed.expiresAt}`);
    assert.equal(taken.dueAt, killed.dueAt, 'when the job is next due survives the takeover');

    await addExpiredKey(client, 'expired-after-takeover');
    await client.execute(`UPDATE job_leases SET due_at = 0 WHERE job = 'prune'`);
    await poll('the new holder to run the prune step', async () => ((await keyCount(client)) === 0 ? true : undefined), Date.now() + 10 * LEASE_MS);

    assert.equal(await other.stop(), 0);
    const released = (await readLease(client))!;
    assert.equal(released.holder, null, 'SIGTERM frees the lease for the next process at once');
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
