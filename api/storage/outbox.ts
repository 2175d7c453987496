import { newId } from '../accounts/secrets.js';
import type { WriteTx } from './engine/database.js';
import { appendEvent } from './events.js';
import { queueSessionNotices } from './mail-notices.js';
import { SESSION_COLUMNS, SESSION_FROM, toSession, type Session } from './session-rows.js';

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

const OWN_VIEW = `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ?`;

/** The ids of `userId`'s webhooks that listen to `type`. */
async function listeningHooks(tx: WriteTx, userId: string, type: EventType): Promise<string[]> {
  // Most people have no webhook: one native get() says so without libsql's row iterator.
  if (!(await tx.get(HOOKS_OF_USER, [userId]))) return [];
  const hooks = await tx.all(HOOKS_OF_USER, [userId]);
  return hooks.filter((hook) => (JSON.parse(String(hook.events)) as string[]).includes(type)).map((hook) => String(hook.id));
}

/**
 * One event, one body: the row of the person's event log (their live streams, SPEC §12) and one
 * row for each of their webhooks that listens (SPEC §9). `probeHooks` false: the caller knows in
 * this transaction that the person has no webhook.
 */
async function writeEvent(tx: WriteTx, userId: string, type: EventType, data: Record<string, unknown>, now: Date, probeHooks = true): Promise<void> {
  const eventId = `evt_${newId()}`;
  const createdAt = now.toISOString();
  const body = JSON.stringify({ id: eventId, type, createdAt, data });
  await appendEvent(tx, userId, type, body, now.getTime());
  const hookIds = probeHooks ? await listeningHooks(tx, userId, type) : [];
  for (const hookId of hookIds) {
    await tx.run(
      `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
      [eventId, hookId, type, body, now.getTime(), now.getTime()],
    );
  }
}

/**
 * The outbox: writes the event to `userId`'s event log and to each of their webhooks that listens
 * to `type`, inside the caller's write transaction, so the event exists exactly when the change it
 * tells of committed. Sending happens later, outside any transaction (api/jobs/deliver-webhooks.ts,
 * api/events/).
 */
export async function emit(tx: WriteTx, userId: string, type: EventType, data: Record<string, unknown>, now: Date): Promise<void> {
  await writeEvent(tx, userId, type, data, now);
}

/** An event about one session, to its owner, with the session as the owner sees it read inside the transaction that changed it. */
async function emitAbout(tx: WriteTx, sessionId: string, type: EventType, extra: Record<string, unknown>, now: Date, probeHooks = true): Promise<void> {
  const row = (await tx.get(OWN_VIEW, [sessionId]))!;
  await writeEvent(tx, String(row.user_id), type, { session: toSession(row, now), ...extra }, now, probeHooks);
}

/**
 * Two sessions that just became a pair: `session.matched` to each owner, the partner's first.
 * `anyWebhook` false: the caller read in this transaction that neither person has a webhook
 * (the partner search's column), so only their event logs are written.
 */
export async function emitMatched(tx: WriteTx, pair: { theirs: Owned; mine: Owned }, now: Date, anyWebhook?: boolean): Promise<void> {
  await queueSessionNotices(tx, [pair.theirs.id, pair.mine.id], 'session.matched', now);
  await emitAbout(tx, pair.theirs.id, 'session.matched', {}, now, anyWebhook !== false);
  await emitAbout(tx, pair.mine.id, 'session.matched', {}, now, anyWebhook !== false);
}

/**
 * `emitMatched` with both sessions already as their owners see them (`toSession` of what the
 * transaction just wrote, as a booking has them): the same events, without reading the session
 * view twice more.
 */
export async function emitMatchedSessions(tx: WriteTx, pair: { theirs: SeenSession; mine: SeenSession }, now: Date, anyWebhook: boolean): Promise<void> {
  await queueSessionNotices(tx, [pair.theirs.session.id, pair.mine.session.id], 'session.matched', now);
  await writeEvent(tx, pair.theirs.userId, 'session.matched', { session: pair.theirs.session }, now, anyWebhook);
  await writeEvent(tx, pair.mine.userId, 'session.matched', { session: pair.mine.session }, now, anyWebhook);
}

interface SeenSession {
  userId: string;
  session: Session;
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
