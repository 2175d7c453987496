import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import type { Client } from '@libsql/client';
import { pruneJob, pruneOnce } from '../../api/jobs/prune.js';
import { EVENT_RETENTION_MS } from '../../api/domain/webhook-events.js';
import { CHECK_IN_RETENTION_MS } from '../../api/storage/attendance.js';
import { IDEMPOTENCY_RETENTION_MS } from '../../api/storage/idempotency.js';
import { KNOWN_ADDRESS_RETENTION_MS } from '../../api/storage/login-attempts.js';
import { DELIVERY_RETENTION_MS } from '../../api/storage/webhooks.js';
import { createHarness, snapshot } from '../api/harness.js';

const h = await createHarness();
const client: Client = h.inspect();
after(() => h.close());
const now = () => h.clock.now().getTime();
await client.execute(`INSERT INTO users (id, name, email, password_hash, timezone, created_at) VALUES ('u1', 'Ada', 'ada@example.org', 'x', 'UTC', 0)`);

async function addKey(key: string, createdAt: number): Promise<void> {
  await client.execute({
    sql: `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES ('u1', ?, 'hash', 201, '{}', ?)`,
    args: [key, createdAt],
  });
}

async function addRateWindow(key: string, expiresAt: number): Promise<void> {
  await client.execute({
    sql: `INSERT INTO rate_limits (bucket, key, hits, window_start, expires_at) VALUES ('login-account', ?, 5, ?, ?)`,
    args: [key, expiresAt - 3_600_000, expiresAt],
  });
}

async function addKnownAddress(addressHash: string, lastAt: number): Promise<void> {
  await client.execute({ sql: `INSERT INTO known_login_addresses (user_id, address_hash, last_at) VALUES ('u1', ?, ?)`, args: [addressHash, lastAt] });
}

async function addDelivery(eventId: string, at: number): Promise<void> {
  await client.execute({
    sql: `INSERT INTO webhook_deliveries (webhook_id, event_id, type, attempt, at, status, error, outcome) VALUES ('wh', ?, 'ping', 1, ?, 200, NULL, 'delivered')`,
    args: [eventId, at],
  });
}

async function addEvent(eventId: string, finishedAt: number | null): Promise<void> {
  await client.execute({
    sql: `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at, finished_at)
          VALUES (?, 'wh', 'ping', '{}', 0, ?, 0, ?)`,
    args: [eventId, finishedAt === null ? 'pending' : 'delivered', finishedAt],
  });
}

/** A row of the live event log (migration v17), written at `at`. */
async function addLiveEvent(at: number): Promise<void> {
  await client.execute({ sql: `INSERT INTO events (user_id, type, body, created_at) VALUES ('u1', 'session.cancelled', '{}', ?)`, args: [at] });
}

async function addCheckIn(sessionId: string, at: number): Promise<void> {
  await client.execute({
    sql: `INSERT OR IGNORE INTO sessions (id, user_id, start_at, end_at, duration, status, created_at) VALUES (?, 'u1', 0, 0, 25, 'cancelled', 0)`,
    args: [sessionId],
  });
  await client.execute({ sql: 'INSERT INTO check_ins (session_id, at) VALUES (?, ?)', args: [sessionId, at] });
}

const column = async (sql: string) => (await client.execute(sql)).rows.map((row) => String(Object.values(row)[0]));
const keys = () => column('SELECT key FROM idempotency_keys ORDER BY key');

describe('the prune job', () => {
  beforeEach(async () => {
    for (const table of ['idempotency_keys', 'rate_limits', 'known_login_addresses', 'webhook_deliveries', 'webhook_events', 'check_ins']) await client.execute(`DELETE FROM ${table}`);
  });

  test('removes idempotency keys older than their retention and keeps the rest, to the millisecond', async () => {
    await addKey('expired', now() - IDEMPOTENCY_RETENTION_MS - 1);
    await addKey('exactly-at-retention', now() - IDEMPOTENCY_RETENTION_MS);
    await addKey('fresh', now() - 60_000);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await keys(), ['exactly-at-retention', 'fresh']);
  });

  test('removes log-in counters whose window has ended and keeps those still counting', async () => {
    await addRateWindow('ended@example.org', now());
    await addRateWindow('counting@example.org', now() + 1);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await column('SELECT key FROM rate_limits'), ['counting@example.org']);
  });

  test('removes addresses not used to log in for a year and keeps the others', async () => {
    await addKnownAddress('stale', now() - KNOWN_ADDRESS_RETENTION_MS - 1);
    await addKnownAddress('exactly-a-year', now() - KNOWN_ADDRESS_RETENTION_MS);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await column('SELECT address_hash FROM known_login_addresses'), ['exactly-a-year']);
  });

  test('removes webhook deliveries and finished events past their retention, never a pending event', async () => {
    await addDelivery('old', now() - DELIVERY_RETENTION_MS - 1);
    await addDelivery('kept', now() - DELIVERY_RETENTION_MS);
    await addEvent('finished-long-ago', now() - DELIVERY_RETENTION_MS - 1);
    await addEvent('finished-lately', now() - 60_000);
    await addEvent('still-pending', null);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await column('SELECT event_id FROM webhook_deliveries'), ['kept']);
    assert.deepEqual(await column('SELECT event_id FROM webhook_events ORDER BY event_id'), ['finished-lately', 'still-pending']);
  });

  test('removes check-ins a day old and keeps those of pages that may still be open', async () => {
    await addCheckIn('over-long-ago', now() - CHECK_IN_RETENTION_MS - 1);
    await addCheckIn('exactly-a-day', now() - CHECK_IN_RETENTION_MS);
    await addCheckIn('open-now', now() - 20_000);
    await pruneJob(h.db).runOnce(h.clock.now());
    assert.deepEqual(await column('SELECT session_id FROM check_ins ORDER BY session_id'), ['exactly-a-day', 'open-now']);
  });

  test('running the same step twice deletes the same rows once and nothing more', async () => {
    await addKey('expired', now() - IDEMPOTENCY_RETENTION_MS - 1);
    await addKey('fresh', now());
    await addRateWindow('ended@example.org', now() - 1);
    await addRateWindow('counting@example.org', now() + 60_000);
    await addKnownAddress('stale', now() - KNOWN_ADDRESS_RETENTION_MS - 1);
    await addKnownAddress('recent', now());
    await addDelivery('old', now() - DELIVERY_RETENTION_MS - 1);
    await addEvent('finished-long-ago', now() - DELIVERY_RETENTION_MS - 1);
    await addCheckIn('over-long-ago', now() - CHECK_IN_RETENTION_MS - 1);
    await addLiveEvent(now() - EVENT_RETENTION_MS - 1);
    await addLiveEvent(now() - EVENT_RETENTION_MS);
    assert.deepEqual(await pruneOnce(h.db, h.clock.now()), { idempotencyKeys: 1, rateLimits: 1, knownAddresses: 1, webhookDeliveries: 1, webhookEvents: 1, routineOccurrences: 0, routineSkips: 0, checkIns: 1, events: 1, mail: 0, mailReminders: 0 });
    const afterFirst = await snapshot(client);
    assert.equal(await pruneJob(h.db).runOnce(h.clock.now()), false);
    assert.equal(await snapshot(client), afterFirst);
    assert.deepEqual(await keys(), ['fresh']);
    assert.deepEqual(await column('SELECT key FROM rate_limits'), ['counting@example.org']);
    assert.deepEqual(await column('SELECT address_hash FROM known_login_addresses'), ['recent']);
    assert.deepEqual(await column('SELECT created_at FROM events'), [String(now() - EVENT_RETENTION_MS)], 'an event exactly 24 hours old is kept');
  });

  test('a step deletes at most one batch per table and says more is left until the backlog is gone', async () => {
    for (let i = 0; i < 5; i++) await addKey(`old-${i}`, now() - IDEMPOTENCY_RETENTION_MS - 1 - i);
    for (let i = 0; i < 3; i++) await addRateWindow(`ended-${i}@example.org`, now() - i);
    await addKey('fresh', now());
    const job = pruneJob(h.db, 2);
    assert.equal(await job.runOnce(h.clock.now()), true);
    assert.equal((await keys()).length, 4);
    assert.equal((await column('SELECT key FROM rate_limits')).length, 1);
    assert.equal(await job.runOnce(h.clock.now()), true);
    assert.equal(await job.runOnce(h.clock.now()), false);
    assert.deepEqual(await keys(), ['fresh']);
    assert.deepEqual(await column('SELECT key FROM rate_limits'), []);
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
