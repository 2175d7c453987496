import { newId } from '../accounts/secrets.js';
import type { WriteTx } from './engine/database.js';
import { queueSessionNotices } from './mail-notices.js';
import { SESSION_COLUMNS, SESSION_FROM, toSession } from './session-rows.js';

import type { EventType } from '../domain/webhook-events.js';

export { EVENT_TYPES, type EventType } from '../domain/webhook-events.js';

/**
 * Why a partner went away, as the person left behind sees it: a block, a suspension or a deleted
 * account is only "unavailable" (also for a waiting session whose asked-for partner left); `no-show` tells the one who did not come by start + 5 minutes that their partner
 * was rematched with someone present.
 */
export type UnmatchReason = 'partner-cancelled' | 'partner-declined' | 'partner-unavailable' | 'partner-no-show' | 'no-show';

// A suspended person's webhooks are paused (SPEC §8): nothing is queued for them meanwhile.
const HOOKS_OF_USER = `SELECT w.id, w.events FROM webhooks w JOIN users u ON u.id = w.user_id
  WHERE w.user_id = ? AND u.suspended_at IS NULL`;
const HOOKS_OF_SESSION_OWNER = `SELECT w.id, w.events FROM sessions s JOIN users u ON u.id = s.user_id JOIN webhooks w ON w.user_id = s.user_id
  WHERE s.id = ? AND u.suspended_at IS NULL`;

const OWN_VIEW = `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ?`;

/** The ids of the webhooks `hooksSql` finds that listen to `type`. */
async function listeningHooks(tx: WriteTx, hooksSql: string, key: string, type: EventType): Promise<string[]> {
  // Most people have no webhook: one native get() says so without libsql's row iterator.
  if (!(await tx.get(hooksSql, [key]))) return [];
  const hooks = await tx.all(hooksSql, [key]);
  return hooks.filter((hook) => (JSON.parse(String(hook.events)) as string[]).includes(type)).map((hook) => String(hook.id));
}

async function writeEvents(tx: WriteTx, hookIds: string[], type: EventType, data: Record<string, unknown>, now: Date): Promise<void> {
  const eventId = `evt_${newId()}`;
  const createdAt = now.toISOString();
  const body = JSON.stringify({ id: eventId, type, createdAt, data });
  for (const hookId of hookIds) {
    await tx.run(
      `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
      [eventId, hookId, type, body, now.getTime(), now.getTime()],
    );
  }
}

/**
 * The outbox: writes one event for each of `userId`'s webhooks that listens to `type`, inside the
 * caller's write transaction, so the event exists exactly when the change it tells of committed.
 * Sending happens later, outside any transaction (api/jobs/deliver-webhooks.ts).
 */
export async function emit(tx: WriteTx, userId: string, type: EventType, data: Record<string, unknown>, now: Date): Promise<void> {
  const hookIds = await listeningHooks(tx, HOOKS_OF_USER, userId, type);
  if (hookIds.length > 0) await writeEvents(tx, hookIds, type, data, now);
}

/**
 * An event about one session, to its owner, with the session as the owner sees it read inside the
 * transaction that changed it. The view (a join of five tables) is read only when a webhook listens.
 */
async function emitAbout(tx: WriteTx, sessionId: string, type: EventType, extra: Record<string, unknown>, now: Date): Promise<void> {
  const hookIds = await listeningHooks(tx, HOOKS_OF_SESSION_OWNER, sessionId, type);
  if (hookIds.length === 0) return;
  const row = (await tx.get(OWN_VIEW, [sessionId]))!;
  await writeEvents(tx, hookIds, type, { session: toSession(row, now), ...extra }, now);
}

/**
 * Two sessions that just became a pair: `session.matched` to each owner, the partner's first.
 * Whether either person has a webhook at all (false for most pairs) is probed here unless the
 * caller read it in the same transaction (`anyWebhook`, the partner search's column).
 */
export async function emitMatched(tx: WriteTx, pair: { theirs: Owned; mine: Owned }, now: Date, anyWebhook?: boolean): Promise<void> {
  await queueSessionNotices(tx, [pair.theirs.id, pair.mine.id], 'session.matched', now);
  const listening = anyWebhook ?? (await tx.get('SELECT 1 FROM webhooks WHERE user_id IN (?, ?) LIMIT 1', [pair.theirs.userId, pair.mine.userId])) !== undefined;
  if (!listening) return;
  await emitAbout(tx, pair.theirs.id, 'session.matched', {}, now);
  await emitAbout(tx, pair.mine.id, 'session.matched', {}, now);
}

interface Owned {
  id: string;
  userId: string;
}

/** A session whose partner went away and that waits again: `session.unmatched`, with why. */
export async function emitUnmatched(tx: WriteTx, sessionId: string, reason: UnmatchReason, now: Date): Promise<void> {
  await queueSessionNotices(tx, [sessionId], 'session.unmatched', now);
  await emitAbout(tx, sessionId, 'session.unmatched', { reason }, now);
}

/** A session its owner cancelled: `session.cancelled`. */
export async function emitCancelled(tx: WriteTx, sessionId: string, now: Date): Promise<void> {
  await queueSessionNotices(tx, [sessionId], 'session.cancelled', now);
  await emitAbout(tx, sessionId, 'session.cancelled', {}, now);
}

/** The join window of a matched session opened: `session.starting` (api/jobs/announce-starting.ts). */
export const emitStarting = (tx: WriteTx, sessionId: string, now: Date): Promise<void> => emitAbout(tx, sessionId, 'session.starting', {}, now);

/** For routines (issue 11): an occurrence the server did not book, with its reason. */
export interface RoutineSkip {
  routineId: string;
  start: string;
  reason: string;
  conflictingSession?: { id: string; start: string; end: string };
}

export async function emitRoutineSkipped(tx: WriteTx, userId: string, skip: RoutineSkip, now: Date): Promise<void> {
  await emit(tx, userId, 'routine.skipped', { ...skip }, now);
}
