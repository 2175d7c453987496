import { EVENT_RETENTION_MS } from '../domain/webhook-events.js';
import type { Database, WriteTx } from './engine/database.js';

/** One row of the event log (migration v17): `body` is the JSON a webhook receives. */
export interface LoggedEvent {
  id: number;
  userId: string;
  type: string;
  body: string;
}

/** Writes one event for `userId` inside the caller's transaction: it exists exactly when its change committed. */
export async function appendEvent(tx: WriteTx, userId: string, type: string, body: string, createdAtMs: number): Promise<void> {
  await tx.run('INSERT INTO events (user_id, type, body, created_at) VALUES (?, ?, ?, ?)', [userId, type, body, createdAtMs]);
}

/** The highest id ever given (0 before the first event), also when pruning or an erasure took the newest rows. */
export async function latestEventId(db: Database): Promise<number> {
  return Number((await db.get(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`))?.seq ?? 0);
}

/** The highest id the prune job removed: a client whose last id is below it missed events. */
export async function prunedThrough(db: Database): Promise<number> {
  return Number((await db.get('SELECT pruned_through FROM event_log WHERE id = 1'))?.pruned_through ?? 0);
}

const toEvent = (row: Record<string, unknown>): LoggedEvent => ({ id: Number(row.id), userId: String(row.user_id), type: String(row.type), body: String(row.body) });

/** Everyone's events after `afterId`, oldest first, at most `limit`: one read serves every stream of a process. */
export async function eventsAfter(db: Database, afterId: number, limit: number): Promise<LoggedEvent[]> {
  return (await db.all('SELECT id, user_id, type, body FROM events WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit])).map(toEvent);
}

/** One person's events after `afterId`, oldest first, at most `limit` (a stream resuming). */
export async function eventsOfAfter(db: Database, userId: string, afterId: number, limit: number): Promise<LoggedEvent[]> {
  return (await db.all('SELECT id, user_id, type, body FROM events WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?', [userId, afterId, limit])).map(toEvent);
}

/**
 * Prune target: removes the oldest events past EVENT_RETENTION_MS, at most `limit`, and raises
 * `pruned_through` to the last id removed. Ids grow with time, so the old ones are a prefix of the
 * table and are found from its start without an index on time.
 */
export async function deleteOldEvents(tx: WriteTx, now: Date, limit: number): Promise<number> {
  const cutoff = now.getTime() - EVENT_RETENTION_MS;
  const through = Number(
    (await tx.get('SELECT MAX(id) AS through FROM (SELECT id, created_at FROM events ORDER BY id LIMIT ?) WHERE created_at < ?', [limit, cutoff]))?.through ?? 0,
  );
  if (through === 0) return 0;
  const removed = await tx.run('DELETE FROM events WHERE id <= ?', [through]);
  await tx.run('UPDATE event_log SET pruned_through = MAX(pruned_through, ?) WHERE id = 1', [through]);
  return removed;
}

/** A deleted account's own events (storage/accounts.ts `deleteAccount`). */
export async function deleteEventsOf(tx: WriteTx, userId: string): Promise<void> {
  await tx.run('DELETE FROM events WHERE user_id = ?', [userId]);
}

/**
 * What a process watching the log polls (every 100 ms while it has streams): the highest event id,
 * and the credential generation (migration v12), whose change means a token may have been revoked.
 */
export async function eventLogHead(db: Database): Promise<{ latest: number; generation: number }> {
  const row = await db.get(
    `SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'events') AS latest, (SELECT generation FROM credential_changes WHERE id = 1) AS generation`,
  );
  return { latest: Number(row?.latest ?? 0), generation: Number(row?.generation ?? 0) };
}
