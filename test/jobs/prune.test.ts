import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import type { Client } from '@libsql/client';
import { pruneJob } from '../../api/jobs/prune.js';
import { IDEMPOTENCY_RETENTION_MS } from '../../api/storage/idempotency.js';
import { WINDOW_MS } from '../../api/storage/login-failures.js';
import { createHarness, snapshot } from '../api/harness.js';

const h = await createHarness();
const client: Client = h.inspect();
after(() => h.close());
const now = () => h.clock.now().getTime();

async function addKey(key: string, createdAt: number): Promise<void> {
  await client.execute({
    sql: `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES ('u1', ?, 'hash', 201, '{}', ?)`,
    args: [key, createdAt],
  });
}

async function addLoginFailure(email: string, windowStart: number): Promise<void> {
  await client.execute({ sql: 'INSERT INTO login_failures (email, failures, window_start) VALUES (?, 5, ?)', args: [email, windowStart] });
}

const keys = async () => (await client.execute('SELECT key FROM idempotency_keys ORDER BY key')).rows.map((row) => String(row.key));
const emails = async () => (await client.execute('SELECT email FROM login_failures ORDER BY email')).rows.map((row) => String(row.email));

describe('the prune job', () => {
  beforeEach(async () => {
    await client.execute('DELETE FROM idempotency_keys');
    await client.execute('DELETE FROM login_failures');
  });

  test('removes idempotency keys older than their retention and keeps the rest, to the millisecond', async () => {
    await addKey('expired', now() - IDEMPOTENCY_RETENTION_MS - 1);
    await addKey('exactly-at-retention', now() - IDEMPOTENCY_RETENTION_MS);
    await addKey('fresh', now() - 60_000);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await keys(), ['exactly-at-retention', 'fresh']);
  });

  test('removes login failures whose window has ended and keeps those still counting', async () => {
    await addLoginFailure('ended@example.org', now() - WINDOW_MS);
    await addLoginFailure('counting@example.org', now() - WINDOW_MS + 1);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await emails(), ['counting@example.org']);
  });

  test('running the same step twice deletes the same rows once and nothing more', async () => {
    await addKey('expired', now() - IDEMPOTENCY_RETENTION_MS - 1);
    await addKey('fresh', now());
    await addLoginFailure('ended@example.org', now() - WINDOW_MS - 1);
    await addLoginFailure('counting@example.org', now());
    const job = pruneJob(h.db);
    await job.runOnce(h.clock.now());
    const afterFirst = await snapshot(client);
    assert.equal(await job.runOnce(h.clock.now()), false);
    assert.equal(await snapshot(client), afterFirst);
    assert.deepEqual(await keys(), ['fresh']);
    assert.deepEqual(await emails(), ['counting@example.org']);
  });

  test('a step deletes at most one batch per table and says more is left until the backlog is gone', async () => {
    for (let i = 0; i < 5; i++) await addKey(`old-${i}`, now() - IDEMPOTENCY_RETENTION_MS - 1 - i);
    await addKey('fresh', now());
    const job = pruneJob(h.db, undefined, 2);
    assert.equal(await job.runOnce(h.clock.now()), true);
    assert.equal((await keys()).length, 4);
    assert.equal(await job.runOnce(h.clock.now()), true);
    assert.equal(await job.runOnce(h.clock.now()), false);
    assert.deepEqual(await keys(), ['fresh']);
  });

  test('what is fresh now is pruned once the clock passes its retention', async () => {
    await addKey('today', now());
    h.clock.advance(IDEMPOTENCY_RETENTION_MS / 60_000);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await keys(), ['today']);
    h.clock.advance(1);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await keys(), []);
  });
});
