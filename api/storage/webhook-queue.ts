import type { Database } from './engine/database.js';
import type { Delivery } from './webhooks.js';

/** An event waiting to be sent to one webhook. */
export interface DueEvent {
  seq: number;
  eventId: string;
  type: string;
  body: string;
  attempts: number;
  createdAt: Date;
  webhookId: string;
  userId: string;
  url: string;
  secret: string;
}

/** Webhooks and people already being served elsewhere (sends in flight in this process). */
export interface Busy {
  webhooks: ReadonlySet<string>;
  /** How many sends each person has in flight. */
  people: ReadonlyMap<string, number>;
}

export const NOTHING_BUSY: Busy = { webhooks: new Set(), people: new Map() };

/**
 * The due webhooks (v16's `due_at`, kept by triggers), each with its oldest due events, at most
 * `perPerson` of them (`depth` counts them). Each person's events are then dealt out across their
 * webhooks (`share`: everyone's first event, then everyone's second, ...), and people take turns,
 * the least recently served webhook first.
 */
const FAIR_DUE = `
  WITH due AS MATERIALIZED (
    SELECT id, user_id, url, secret, served_at FROM webhooks WHERE due_at <= ?
  ), queued AS (
    SELECT due.id AS webhook_id, due.user_id, due.url, due.secret, due.served_at,
      e.seq, e.event_id, e.type, e.body, e.attempts, e.created_at,
      ROW_NUMBER() OVER (PARTITION BY due.id ORDER BY e.next_attempt_at, e.seq) AS depth
    FROM due JOIN webhook_events e ON e.seq IN (
      SELECT seq FROM webhook_events
      WHERE webhook_id = due.id AND state = 'pending' AND next_attempt_at <= ?
      ORDER BY next_attempt_at, seq LIMIT ?
    )
  ), dealt AS (
    SELECT queued.*, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY depth, served_at, webhook_id) AS share FROM queued
  )
  SELECT * FROM dealt WHERE share <= ? ORDER BY share, served_at, seq LIMIT ?`;

/**
 * Up to `limit` due events chosen fairly (SPEC §16): none for a webhook that already has a send in
 * flight (`busy`), never more than `perPerson` in flight for one person, people taking turns.
 * One person's backlog or one dead receiver therefore holds at most `perPerson` places, and
 * everyone else's events are reached in the same step. Cost grows with the number of due webhooks,
 * never with the number of events queued.
 */
export async function dueEvents(db: Database, now: Date, limit: number, perPerson: number, busy: Busy = NOTHING_BUSY): Promise<DueEvent[]> {
  // Busy webhooks and people are skipped here rather than in SQL: at most this many extra rows cover them.
  const margin = perPerson * (busy.webhooks.size + busy.people.size);
  const rows = await db.all(FAIR_DUE, [now.getTime(), now.getTime(), perPerson, perPerson, limit + margin]);
  const taken = new Map(busy.people);
  const chosen: DueEvent[] = [];
  for (const row of rows) {
    const userId = String(row.user_id);
    if (busy.webhooks.has(String(row.webhook_id)) || (taken.get(userId) ?? 0) >= perPerson) continue;
    taken.set(userId, (taken.get(userId) ?? 0) + 1);
    chosen.push({
      seq: Number(row.seq), eventId: String(row.event_id), type: String(row.type), body: String(row.body),
      attempts: Number(row.attempts), createdAt: new Date(Number(row.created_at)),
      webhookId: String(row.webhook_id), userId, url: String(row.url), secret: String(row.secret),
    });
    if (chosen.length === limit) break;
  }
  return chosen;
}

/**
 * Records one attempt and what follows: delivered, another try at `retryAt`, or given up (failed);
 * the webhook goes to the back of the fair queue. Guarded by the attempt count, so recording the
 * same attempt twice (a rerun, or a process that lost its lease) changes nothing.
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
    await tx.run('UPDATE webhooks SET served_at = ? WHERE id = ?', [now.getTime(), event.webhookId]);
    await tx.run(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, type, attempt, at, status, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [event.webhookId, event.eventId, event.type, attempt, now.getTime(), result.status, result.error, outcome],
    );
  });
}
