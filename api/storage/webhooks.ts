import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../http/problems.js';
import { rateLimited, type RateLimitUse } from '../http/rate-limited.js';
import { newId } from '../accounts/secrets.js';
import type { Database, Row, WriteTx } from './engine/database.js';
import type { EventType } from './outbox.js';
import { hitWindow, isFull, readWindow, useOf, type RateWindow } from './rate-limits.js';

/** SPEC §9: at most this many webhooks a person. */
export const MAX_WEBHOOKS = 10;
/** How long delivery logs and finished events are kept before the prune job removes them. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60_000;

export interface Webhook {
  id: string;
  url: string;
  events: EventType[];
  createdAt: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  outcome: 'delivered' | 'retrying' | 'failed';
}

const toWebhook = (row: Row): Webhook => ({
  id: String(row.id),
  url: String(row.url),
  events: JSON.parse(String(row.events)) as EventType[],
  createdAt: new Date(Number(row.created_at)).toISOString(),
});

export async function createWebhook(
  db: Database, userId: string, input: { url: string; events: EventType[] }, now: Date,
): Promise<Webhook & { secret: string }> {
  const id = `wh_${newId()}`;
  // Made outside the work function, which may run twice: both runs must store the same secret.
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return db.write(async (tx) => {
    const count = Number((await tx.get('SELECT COUNT(*) AS n FROM webhooks WHERE user_id = ?', [userId]))!.n);
    if (count >= MAX_WEBHOOKS) {
      throw conflict('webhook-limit', 'Too many webhooks', `You have ${count} webhooks, the most a person may have; remove one with DELETE /v1/webhooks/{id} first.`);
    }
    await tx.run('INSERT INTO webhooks (id, user_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      id, userId, input.url, secret, JSON.stringify(input.events), now.getTime(),
    ]);
    return { ...toWebhook((await tx.get('SELECT * FROM webhooks WHERE id = ?', [id]))!), secret };
  });
}

export async function listWebhooks(db: Database, userId: string): Promise<Webhook[]> {
  return (await db.all('SELECT * FROM webhooks WHERE user_id = ? ORDER BY created_at, id', [userId])).map(toWebhook);
}

async function ownedWebhook(tx: Pick<WriteTx, 'get'>, userId: string, id: string): Promise<Row> {
  const row = await tx.get('SELECT * FROM webhooks WHERE id = ? AND user_id = ?', [id, userId]);
  if (!row) throw notFound(`Webhook ${id}`);
  return row;
}

/** Removes the webhook with its undelivered events and its log. */
export async function deleteWebhook(db: Database, userId: string, id: string): Promise<void> {
  await db.write(async (tx) => {
    await ownedWebhook(tx, userId, id);
    for (const table of ['webhook_events', 'webhook_deliveries']) await tx.run(`DELETE FROM ${table} WHERE webhook_id = ?`, [id]);
    await tx.run('DELETE FROM webhooks WHERE id = ?', [id]);
  });
}

/** The newest attempts first, at most `limit`. */
export async function listDeliveries(db: Database, userId: string, id: string, limit: number): Promise<Delivery[]> {
  await ownedWebhook(db, userId, id);
  const rows = await db.all('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?', [id, limit]);
  return rows.map((row) => ({
    eventId: String(row.event_id),
    type: String(row.type),
    attempt: Number(row.attempt),
    at: new Date(Number(row.at)).toISOString(),
    status: row.status == null ? null : Number(row.status),
    error: row.error == null ? null : String(row.error),
    outcome: row.outcome as Delivery['outcome'],
  }));
}

/** SPEC §16: pings a person may queue in a minute, over all their webhooks. */
export const PINGS_PER_MINUTE = 10;

const pingWindow = (userId: string): RateWindow => ({ bucket: 'webhook-ping', key: userId, limit: PINGS_PER_MINUTE, windowMs: 60_000 });

/**
 * Queues a `ping` event for this webhook alone, through the same delivery as every other event;
 * the 11th in a minute is refused (429) and queues nothing. A ping to no webhook of yours does not count.
 */
export async function queuePing(db: Database, userId: string, id: string, now: Date): Promise<{ eventId: string; use: RateLimitUse }> {
  const eventId = `evt_${newId()}`;
  return db.write(async (tx) => {
    await ownedWebhook(tx, userId, id);
    const window = pingWindow(userId);
    const state = await readWindow(tx, window, now);
    if (isFull(state, window)) {
      throw rateLimited('too-many-pings', 'Too many pings',
        `You queued ${PINGS_PER_MINUTE} pings in the last minute, the most a person may; try again after ${state!.resetsAt.toISOString()}.`, useOf(window, state, now, false), now);
    }
    await hitWindow(tx, window, now);
    const body = JSON.stringify({ id: eventId, type: 'ping', createdAt: now.toISOString(), data: { webhookId: id } });
    await tx.run(
      `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at) VALUES (?, ?, 'ping', ?, ?, 'pending', ?)`,
      [eventId, id, body, now.getTime(), now.getTime()],
    );
    return { eventId, use: useOf(window, state, now, true) };
  });
}

export async function deleteOldDeliveries(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    'DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE at < ? ORDER BY at LIMIT ?)',
    [now.getTime() - DELIVERY_RETENTION_MS, limit],
  );
}

export async function deleteFinishedEvents(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    'DELETE FROM webhook_events WHERE seq IN (SELECT seq FROM webhook_events WHERE finished_at < ? ORDER BY finished_at LIMIT ?)',
    [now.getTime() - DELIVERY_RETENTION_MS, limit],
  );
}
