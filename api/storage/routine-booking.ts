import type { Activity } from '../domain/compatibility.js';
import { occurrencesBetween, type Recurrence, type Weekday } from '../domain/recurrence.js';
import { isSkipped, type SkipRange } from '../domain/skip-ranges.js';
import { Problem } from '../http/problems.js';
import type { Database, Row, WriteTx } from './engine/database.js';
import { emitRoutineSkipped, type RoutineSkip } from './outbox.js';
import { bookInTransaction } from './booking.js';

const DAY_MS = 24 * 60 * 60_000;
/** How often an active routine's horizon moves forward: its next occurrences are due well before they enter it. */
export const ROLL_EVERY_MS = 60 * 60_000;

/** A routine waiting for room under the booking limit is retried a minute later (the job's next step), not in a loop. */
const LIMIT_RETRY_MS = 60_000;

export type SkipReason = 'overlap' | 'dst-gap' | 'limit' | 'suspended' | 'busy';

/** When a routine's occurrences fall, from its row. */
export const recurrenceOf = (row: Row): Recurrence => ({ days: String(row.days).split(',') as Weekday[], time: String(row.time), timezone: String(row.timezone) });

/** The routine's skip ranges that reach into [from, to), in order. */
export async function skipsBetween(tx: Pick<WriteTx, 'all'>, routineId: string, from: Date, to: Date): Promise<SkipRange[]> {
  const rows = await tx.all('SELECT from_at, to_at FROM routine_skips WHERE routine_id = ? AND to_at > ? AND from_at < ? ORDER BY from_at', [routineId, from.getTime(), to.getTime()]);
  return rows.map((row) => ({ from: Number(row.from_at), to: Number(row.to_at) }));
}

/** The columns rolling reads. */
const ROUTINE_ROLL_COLUMNS = 'id, user_id, days, time, duration, timezone, task, activity, quiet, horizon_days, booked_until, paused, deleted_at';

/**
 * Settles one occurrence exactly once: the occurrence row is claimed by its primary key first
 * (INSERT … ON CONFLICT DO NOTHING), then the session is booked through the ordinary booking
 * function, all in the caller's transaction. `retry` re-attempts an occurrence left at `limit`.
 */
async function settleOccurrence(tx: WriteTx, routine: Row, start: Date, unbookable: 'dst-gap' | 'suspended' | null, now: Date, maxUpcoming: number, retrying: 'limit' | 'busy' | null): Promise<SkipReason | 'booked' | 'taken'> {
  const routineId = String(routine.id);
  const userId = String(routine.user_id);
  const startMs = start.getTime();
  if (!retrying) {
    const claimed = await tx.run(
      `INSERT INTO routine_occurrences (routine_id, start_at, outcome) VALUES (?, ?, 'limit') ON CONFLICT DO NOTHING`,
      [routineId, startMs],
    );
    if (claimed === 0) return 'taken';
  }
  let outcome: SkipReason | 'booked' = unbookable ?? 'booked';
  let sessionId: string | null = null;
  let conflicting: RoutineSkip['conflictingSession'];
  if (!unbookable) {
    try {
      const booking = {
        userId, start, duration: Number(routine.duration), task: routine.task == null ? null : String(routine.task), routineId,
        activity: routine.activity == null ? null : (String(routine.activity) as Activity),
        quiet: routine.quiet == null ? null : Number(routine.quiet) === 1,
        partnerId: null,
      };
      sessionId = (await bookInTransaction(tx, booking, now, { maxUpcoming })).id;
      outcome = 'booked';
    } catch (error) {
      if (!(error instanceof Problem) || !['session-overlap', 'upcoming-limit', 'busy'].includes(error.slug)) throw error;
      outcome = error.slug === 'session-overlap' ? 'overlap' : error.slug === 'busy' ? 'busy' : 'limit';
      conflicting = error.extra.conflictingSession as RoutineSkip['conflictingSession'];
    }
  }
  await tx.run(
    'UPDATE routine_occurrences SET outcome = ?, session_id = ?, conflicting_session_id = ? WHERE routine_id = ? AND start_at = ?',
    [outcome, sessionId, conflicting?.id ?? null, routineId, startMs],
  );
  // A limit or busy skip is announced once, when first met, not at each retry.
  if (outcome !== 'booked' && outcome !== retrying) {
    const skip = { routineId, start: start.toISOString(), reason: outcome, ...(conflicting ? { conflictingSession: conflicting } : {}) };
    // routine.skipped goes to the outbox in this transaction, so it commits (or not) with the skip.
    await emitRoutineSkipped(tx, userId, skip, now);
  }
  return outcome;
}

/**
 * Books a routine's occurrences from where it last stopped to `horizonDays` ahead of `now`, and
 * retries those skipped for the booking limit. Idempotent: run twice, it books nothing more.
 * Bounded by the horizon (at most 91 days of occurrences).
 */
export async function rollRoutine(tx: WriteTx, routine: Row, now: Date, maxUpcoming: number): Promise<void> {
  if (Number(routine.paused) === 1 || routine.deleted_at != null) return;
  const routineId = String(routine.id);
  const horizon = new Date(now.getTime() + Number(routine.horizon_days) * DAY_MS);
  const waiting = await tx.all(
    `SELECT start_at FROM routine_occurrences WHERE routine_id = ? AND outcome = 'limit' AND start_at > ? AND start_at < ? ORDER BY start_at`,
    [routineId, now.getTime(), horizon.getTime()],
  );
  // A suspended person's routine books nothing; its occurrences are listed as `suspended`.
  const suspended = (await tx.get('SELECT suspended_at FROM users WHERE id = ?', [String(routine.user_id)]))?.suspended_at != null;
  for (const row of suspended ? [] : waiting) {
    // Still no room: the later ones would meet the same count in this transaction.
    if ((await settleOccurrence(tx, routine, new Date(Number(row.start_at)), null, now, maxUpcoming, 'limit')) === 'limit') break;
  }
  // Occurrences skipped over a busy interval are tried again: booked once their event is gone (busy-calendars.ts makes the routine due then).
  const busy = await tx.all(
    `SELECT start_at FROM routine_occurrences WHERE routine_id = ? AND outcome = 'busy' AND start_at > ? AND start_at < ? ORDER BY start_at`,
    [routineId, now.getTime(), horizon.getTime()],
  );
  for (const row of suspended ? [] : busy) await settleOccurrence(tx, routine, new Date(Number(row.start_at)), null, now, maxUpcoming, 'busy');
  const from = new Date(Math.max(Number(routine.booked_until), now.getTime()));
  // A skipped occurrence gets no row: its range keeps it off, and lifting the range lets this walk settle it.
  const skips = await skipsBetween(tx, routineId, from, horizon);
  for (const occurrence of occurrencesBetween(recurrenceOf(routine), from, horizon)) {
    if (isSkipped(occurrence.start, skips)) continue;
    await settleOccurrence(tx, routine, occurrence.start, occurrence.kind === 'dst-gap' ? 'dst-gap' : suspended ? 'suspended' : null, now, maxUpcoming, null);
  }
  const limitLeft = await tx.get(
    `SELECT 1 AS left FROM routine_occurrences WHERE routine_id = ? AND outcome = 'limit' AND start_at > ? LIMIT 1`,
    [routineId, now.getTime()],
  );
  await tx.run(
    'UPDATE routines SET booked_until = max(booked_until, ?), next_roll_at = ? WHERE id = ?',
    [horizon.getTime(), now.getTime() + (limitLeft ? LIMIT_RETRY_MS : ROLL_EVERY_MS), routineId],
  );
}

/**
 * How long an occurrence's row is kept after its start. Rolling only ever looks ahead of both
 * `now` and the routine's `booked_until`, so a row this far past can never be claimed again.
 */
export const OCCURRENCE_RETENTION_MS = 7 * DAY_MS;

/** Deletes at most `limit` occurrence rows past their retention; answers how many went. */
export function deletePastOccurrences(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM routine_occurrences WHERE (routine_id, start_at) IN
       (SELECT routine_id, start_at FROM routine_occurrences WHERE start_at < ? LIMIT ?)`,
    [now.getTime() - OCCURRENCE_RETENTION_MS, limit],
  );
}

/** Deletes at most `limit` skip ranges wholly past: rolling and lifting only ever look ahead of now. */
export function deletePastSkips(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM routine_skips WHERE (routine_id, from_at) IN (SELECT routine_id, from_at FROM routine_skips WHERE to_at <= ? LIMIT ?)`,
    [now.getTime(), limit],
  );
}

/** Active routines whose horizon is due to move (or which wait for room under the limit), oldest due first. */
export async function routinesToRoll(db: Database, now: Date, limit: number): Promise<string[]> {
  const rows = await db.all(
    `SELECT id FROM routines WHERE paused = 0 AND deleted_at IS NULL AND next_roll_at <= ? ORDER BY next_roll_at LIMIT ?`,
    [now.getTime(), limit],
  );
  return rows.map((row) => String(row.id));
}

/**
 * Rolls each active routine of one person inside the caller's transaction: after their busy
 * intervals changed (busy-calendars.ts), occurrences skipped as busy are booked where the event is gone.
 */
export async function rollRoutinesOf(tx: WriteTx, userId: string, now: Date, maxUpcoming: number): Promise<void> {
  const routines = await tx.all(`SELECT ${ROUTINE_ROLL_COLUMNS} FROM routines WHERE user_id = ? AND deleted_at IS NULL AND paused = 0`, [userId]);
  for (const routine of routines) await rollRoutine(tx, routine, now, maxUpcoming);
}

/** One routine rolled in its own write transaction; the routine is read again inside it, so a pause or delete in between wins. */
export async function rollRoutineById(db: Database, routineId: string, now: Date, maxUpcoming: number): Promise<void> {
  await db.write(async (tx) => {
    const routine = await tx.get(`SELECT ${ROUTINE_ROLL_COLUMNS} FROM routines WHERE id = ?`, [routineId]);
    if (routine) await rollRoutine(tx, routine, now, maxUpcoming);
  });
}
