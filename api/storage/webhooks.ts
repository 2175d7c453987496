import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../problems.js';
import { newId } from '../secrets.js';
import type { Database, Row, WriteTx } from './database.js';
import type { EventType } from './outbox.js';

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

/** An event waiting to be sent to one webhook. */
export interface DueEvent {
  seq: number;
  eventId: string;
  type: string;
  body: string;
  attempts: number;
  createdAt: Date;
  webhookId: string;
  url: string;
  secret: string;
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

/** Queues a `ping` event for this webhook alone, through the same delivery as every other event. */
export async function queuePing(db: Database, userId: string, id: string, now: Date): Promise<{ eventId: string }> {
  const eventId = `evt_${newId()}`;
  return db.write(async (tx) => {
    await ownedWebhook(tx, userId, id);
    const body = JSON.stringify({ id: eventId, type: 'ping', createdAt: now.toISOString(), data: { webhookId: id } });
    await tx.run(
      `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at) VALUES (?, ?, 'ping', ?, ?, 'pending', ?)`,
      [eventId, id, body, now.getTime(), now.getTime()],
    );
    return { eventId };
  });
}

export async function dueEvents(db: Database, now: Date, limit: number): Promise<DueEvent[]> {
  const rows = await db.all(
    `SELECT e.seq, e.event_id, e.type, e.body, e.attempts, e.created_at, w.id AS webhook_id, w.url, w.secret
     FROM webhook_events e JOIN webhooks w ON w.id = e.webhook_id
     WHERE e.state = 'pending' AND e.next_attempt_at <= ? ORDER BY e.next_attempt_at, e.seq LIMIT ?`,
    [now.getTime(), limit],
  );
  return rows.map((row) => ({
    seq: Number(row.seq), eventId: String(row.event_id), type: String(row.type), body: String(row.body),
    attempts: Number(row.attempts), createdAt: new Date(Number(row.created_at)),
    webhookId: String(row.webhook_id), url: String(row.url), secret: String(row.secret),
  }));
}

/**
 * Records one attempt and what follows: delivered, another try at `retryAt`, or given up (failed).
 * Guarded by the attempt count, so recording the same attempt twice changes nothing.
 */
export async function recordAttempt(
  db: Database, event: DueEvent, result: { status: number | null; error: string | null }, outcome: Delivery['outcome'], retryAt: Date | null, now: Date,
): Promise<void> {
  const attempt = event.attempts + 1;
  await db.write(async (tx) => {
    const updated = await tx.run(
      `UPDATE webhook_events SET attempts = ?, state = ?, next_attempt_at = ?, finished_at = ?
       WHERE seq = ? AND state = 'pending' AND attempts = ?`,
      [attempt, outcome === 'retrying' ? 'pending' : outcome, (retryAt ?? now).getTime(), outcome === 'retrying' ? null : now.getTime(), event.seq, event.attempts],
    );
    if (updated === 0) return;
    await tx.run(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, type, attempt, at, status, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [event.webhookId, event.eventId, event.type, attempt, now.getTime(), result.status, result.error, outcome],
    );
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
