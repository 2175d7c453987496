import { occurrencesBetween, type Weekday } from '../domain/recurrence.js';
import { conflict, notFound } from '../problems.js';
import { newId } from '../secrets.js';
import type { Database, Row, WriteTx } from './database.js';
import { rollRoutine, type SkipReason } from './routine-booking.js';
import { cancelInTransaction } from './sessions.js';

/** A routine as the API shows it to its owner (SPEC §9). */
export interface Routine {
  id: string;
  days: Weekday[];
  time: string;
  duration: number;
  timezone: string;
  task: string | null;
  activity: 'desk' | 'moving' | 'anything' | null;
  quiet: boolean | null;
  horizonDays: number;
  paused: boolean;
  createdAt: string;
  skipped: { start: string; reason: SkipReason; conflictingSession?: { id: string; start: string; end: string } }[];
}

export interface NewRoutine {
  days: Weekday[];
  time: string;
  duration: number;
  timezone: string;
  task: string | null;
  activity: Routine['activity'];
  quiet: boolean | null;
  horizonDays: number;
}

/** Routines one person may keep: each books on its own, so a bound keeps a roll of everyone's bounded too. */
export const MAX_ROUTINES = 20;

/** Skips listed on a routine: those still ahead, soonest first. */
const SKIPS_SHOWN = 100;
const iso = (ms: unknown) => new Date(Number(ms)).toISOString();

async function routineRow(tx: Pick<WriteTx, 'get'>, userId: string, id: string): Promise<Row> {
  const row = await tx.get('SELECT * FROM routines WHERE id = ? AND user_id = ? AND deleted_at IS NULL', [id, userId]);
  if (!row) throw notFound(`Routine ${id}`);
  return row;
}

async function toRoutine(tx: Pick<WriteTx, 'all'>, row: Row, now: Date): Promise<Routine> {
  const skips = await tx.all(
    `SELECT o.start_at, o.outcome, c.id AS conflict_id, c.start_at AS conflict_start, c.end_at AS conflict_end
     FROM routine_occurrences o LEFT JOIN sessions c ON c.id = o.conflicting_session_id
     WHERE o.routine_id = ? AND o.start_at > ? AND o.outcome IN ('overlap', 'dst-gap', 'limit', 'suspended')
     ORDER BY o.start_at LIMIT ?`,
    [String(row.id), now.getTime(), SKIPS_SHOWN],
  );
  return {
    id: String(row.id),
    days: String(row.days).split(',') as Weekday[],
    time: String(row.time),
    duration: Number(row.duration),
    timezone: String(row.timezone),
    task: row.task == null ? null : String(row.task),
    activity: row.activity == null ? null : (String(row.activity) as Routine['activity']),
    quiet: row.quiet == null ? null : Number(row.quiet) === 1,
    horizonDays: Number(row.horizon_days),
    paused: Number(row.paused) === 1,
    createdAt: iso(row.created_at),
    skipped: skips.map((skip) => ({
      start: iso(skip.start_at),
      reason: String(skip.outcome) as SkipReason,
      ...(skip.conflict_id == null ? {} : { conflictingSession: { id: String(skip.conflict_id), start: iso(skip.conflict_start), end: iso(skip.conflict_end) } }),
    })),
  };
}

/** Creates a routine and books its occurrences up to the horizon, in one transaction. */
export async function createRoutine(db: Database, userId: string, input: NewRoutine, now: Date, maxUpcoming: number): Promise<Routine> {
  return db.write(async (tx) => {
    const held = await tx.get('SELECT COUNT(*) AS n FROM routines WHERE user_id = ? AND deleted_at IS NULL', [userId]);
    if (Number(held?.n ?? 0) >= MAX_ROUTINES) {
      throw conflict('routine-limit', 'Too many routines', `You keep ${MAX_ROUTINES} routines, the most allowed; delete one first.`, { maxRoutines: MAX_ROUTINES });
    }
    const id = newId();
    await tx.run(
      `INSERT INTO routines (id, user_id, days, time, duration, timezone, task, activity, quiet, horizon_days, booked_until, next_roll_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, userId, input.days.join(','), input.time, input.duration, input.timezone, input.task, input.activity,
        input.quiet === null ? null : input.quiet ? 1 : 0, input.horizonDays, now.getTime(), now.getTime(), now.getTime()],
    );
    const row = await routineRow(tx, userId, id);
    await rollRoutine(tx, row, now, maxUpcoming);
    return toRoutine(tx, row, now);
  });
}

export async function listRoutines(db: Database, userId: string, now: Date): Promise<Routine[]> {
  const rows = await db.all('SELECT * FROM routines WHERE user_id = ? AND deleted_at IS NULL ORDER BY created_at, id', [userId]);
  return Promise.all(rows.map((row) => toRoutine(db, row, now)));
}

export async function getRoutine(db: Database, userId: string, id: string, now: Date): Promise<Routine> {
  return toRoutine(db, await routineRow(db, userId, id), now);
}

/** Pauses, resumes (booking up to the horizon at once) or changes the task of future bookings. */
export async function updateRoutine(
  db: Database, userId: string, id: string, change: { paused?: boolean; task?: string | null }, now: Date, maxUpcoming: number,
): Promise<Routine> {
  return db.write(async (tx) => {
    await routineRow(tx, userId, id);
    if (change.task !== undefined) await tx.run('UPDATE routines SET task = ? WHERE id = ?', [change.task, id]);
    if (change.paused !== undefined) await tx.run('UPDATE routines SET paused = ?, next_roll_at = ? WHERE id = ?', [change.paused ? 1 : 0, now.getTime(), id]);
    const row = await routineRow(tx, userId, id);
    if (change.paused === false) await rollRoutine(tx, row, now, maxUpcoming);
    return toRoutine(tx, row, now);
  });
}

/** The routine's sessions starting in [from, to) that can still be cancelled (not yet started). */
async function futureSessionsOf(tx: WriteTx, routineId: string, from: Date, to: Date | null, statuses: string): Promise<string[]> {
  const rows = await tx.all(
    `SELECT id FROM sessions WHERE routine_id = ? AND status IN ${statuses} AND start_at > ? AND start_at < ?`,
    [routineId, from.getTime(), to?.getTime() ?? Number.MAX_SAFE_INTEGER],
  );
  return rows.map((row) => String(row.id));
}

/** Deletes a routine; cancels its future waiting sessions, and its matched ones too when `cancelAll`. */
export async function deleteRoutine(db: Database, userId: string, id: string, cancelAll: boolean, now: Date): Promise<void> {
  await db.write(async (tx) => {
    await routineRow(tx, userId, id);
    // Nothing shows or books a deleted routine again, so its task (personal text) goes with it.
    await tx.run('UPDATE routines SET deleted_at = ?, task = NULL WHERE id = ?', [now.getTime(), id]);
    const statuses = cancelAll ? `('waiting', 'matched')` : `('waiting')`;
    for (const sessionId of await futureSessionsOf(tx, id, now, null, statuses)) await cancelInTransaction(tx, userId, sessionId, now);
  });
}

/**
 * A holiday: cancels the routine's sessions starting in [from, to) and marks every occurrence
 * there as held off, so no roll books it. Occurrences already past are left as they were, and so
 * is one whose session the person had cancelled themselves: `booked`, which lifting the skip
 * (unskipRange) must not book again (SPEC §9).
 */
export async function skipRange(
  db: Database, userId: string, id: string, range: { from: Date; to: Date }, now: Date,
): Promise<{ routine: Routine; cancelled: string[] }> {
  return db.write(async (tx) => {
    const row = await routineRow(tx, userId, id);
    const from = new Date(Math.max(range.from.getTime(), now.getTime()));
    const cancelled = await futureSessionsOf(tx, id, from, range.to, `('waiting', 'matched')`);
    for (const sessionId of cancelled) {
      await cancelInTransaction(tx, userId, sessionId, now);
      await tx.run(`UPDATE routine_occurrences SET outcome = 'held-off' WHERE routine_id = ? AND session_id = ?`, [id, sessionId]);
    }
    const recurrence = { days: String(row.days).split(',') as Weekday[], time: String(row.time), timezone: String(row.timezone) };
    for (const { start } of occurrencesBetween(recurrence, from, range.to)) {
      await tx.run(
        `INSERT INTO routine_occurrences (routine_id, start_at, outcome) VALUES (?, ?, 'held-off')
         ON CONFLICT (routine_id, start_at) DO UPDATE SET outcome = 'held-off', conflicting_session_id = NULL WHERE outcome <> 'booked'`,
        [id, start.getTime()],
      );
    }
    return { routine: await toRoutine(tx, row, now), cancelled };
  });
}

/**
 * Lifts a holiday: the routine's held-off occurrences ahead in [from, to) are settled again as if
 * never skipped. Their rows go, and `booked_until` moves back to the first of them, so the roll
 * walks over them again; it claims only occurrences without a row, so one booked, cancelled by the
 * person or skipped for another reason stays as it was. Rolled at once, like a resume; a paused
 * routine books them when resumed, and the horizon reaches those further ahead in time.
 */
export async function unskipRange(
  db: Database, userId: string, id: string, range: { from: Date; to: Date }, now: Date, maxUpcoming: number,
): Promise<{ routine: Routine; lifted: string[]; booked: string[] }> {
  return db.write(async (tx) => {
    const inRange = `routine_id = ? AND outcome = 'held-off' AND start_at >= ? AND start_at > ? AND start_at < ?`;
    const args = [id, range.from.getTime(), now.getTime(), range.to.getTime()];
    await routineRow(tx, userId, id);
    const lifted = (await tx.all(`SELECT start_at FROM routine_occurrences WHERE ${inRange} ORDER BY start_at`, args)).map((row) => Number(row.start_at));
    if (lifted.length > 0) {
      await tx.run(`DELETE FROM routine_occurrences WHERE ${inRange}`, args);
      await tx.run('UPDATE routines SET booked_until = min(booked_until, ?), next_roll_at = ? WHERE id = ?', [lifted[0]!, now.getTime(), id]);
      await rollRoutine(tx, await routineRow(tx, userId, id), now, maxUpcoming);
    }
    const booked = await tx.all(
      `SELECT start_at, session_id FROM routine_occurrences WHERE routine_id = ? AND outcome = 'booked' AND start_at >= ? AND start_at <= ? ORDER BY start_at`,
      [id, lifted[0] ?? 0, lifted.at(-1) ?? -1],
    );
    const wasLifted = new Set(lifted);
    return {
      routine: await toRoutine(tx, await routineRow(tx, userId, id), now),
      lifted: lifted.map(iso),
      booked: booked.filter((row) => wasLifted.has(Number(row.start_at))).map((row) => String(row.session_id)),
    };
  });
}
