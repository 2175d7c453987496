import { newId } from '../secrets.js';
import type { WriteTx } from './database.js';
import { SESSION_COLUMNS, SESSION_FROM, toSession, type Session } from './session-rows.js';

/** What a webhook can be told (SPEC §9). */
export const EVENT_TYPES = ['session.matched', 'session.unmatched', 'session.starting', 'session.cancelled', 'routine.skipped'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Why a partner went away, as the person left behind sees it: a block or a suspension is only
 * "unavailable"; `no-show` tells the one who did not come by start + 5 minutes that their partner
 * was rematched with someone present.
 */
export type UnmatchReason = 'partner-cancelled' | 'partner-declined' | 'partner-unavailable' | 'partner-no-show' | 'no-show';

/**
 * The outbox: writes one event for each of `userId`'s webhooks that listens to `type`, inside the
 * caller's write transaction, so the event exists exactly when the change it tells of committed.
 * Sending happens later, outside any transaction (api/jobs/deliver-webhooks.ts).
 */
export async function emit(tx: WriteTx, userId: string, type: EventType, data: Record<string, unknown>, now: Date): Promise<void> {
  // A suspended person's webhooks are paused (SPEC §8): nothing is queued for them meanwhile.
  const hooks = await tx.all(
    `SELECT w.id, w.events FROM webhooks w JOIN users u ON u.id = w.user_id WHERE w.user_id = ? AND u.suspended_at IS NULL`,
    [userId],
  );
  const listening = hooks.filter((hook) => (JSON.parse(String(hook.events)) as string[]).includes(type));
  if (listening.length === 0) return;
  const eventId = `evt_${newId()}`;
  const createdAt = now.toISOString();
  const body = JSON.stringify({ id: eventId, type, createdAt, data });
  for (const hook of listening) {
    await tx.run(
      `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
      [eventId, String(hook.id), type, body, now.getTime(), now.getTime()],
    );
  }
}

/** The session as `its owner` sees it, read inside the transaction that changed it. */
async function ownView(tx: WriteTx, sessionId: string, now: Date): Promise<{ userId: string; session: Session }> {
  const row = (await tx.get(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ?`, [sessionId]))!;
  return { userId: String(row.user_id), session: toSession(row, now) };
}

/** A session that just got a partner: `session.matched`, to its owner. */
export async function emitMatched(tx: WriteTx, sessionId: string, now: Date): Promise<void> {
  const { userId, session } = await ownView(tx, sessionId, now);
  await emit(tx, userId, 'session.matched', { session }, now);
}

/** A session whose partner went away and that waits again: `session.unmatched`, with why. */
export async function emitUnmatched(tx: WriteTx, sessionId: string, reason: UnmatchReason, now: Date): Promise<void> {
  const { userId, session } = await ownView(tx, sessionId, now);
  await emit(tx, userId, 'session.unmatched', { session, reason }, now);
}

/** A session its owner cancelled: `session.cancelled`. */
export async function emitCancelled(tx: WriteTx, sessionId: string, now: Date): Promise<void> {
  const { userId, session } = await ownView(tx, sessionId, now);
  await emit(tx, userId, 'session.cancelled', { session }, now);
}

/** The join window of a matched session opened: `session.starting` (api/jobs/announce-starting.ts). */
export async function emitStarting(tx: WriteTx, sessionId: string, now: Date): Promise<void> {
  const { userId, session } = await ownView(tx, sessionId, now);
  await emit(tx, userId, 'session.starting', { session }, now);
}

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
