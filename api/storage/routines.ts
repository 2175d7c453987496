import type { Weekday } from '../domain/recurrence.js';
import { conflict, notFound } from '../http/problems.js';
import { newId } from '../accounts/secrets.js';
import type { Database, Row, WriteTx } from './engine/database.js';
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
export const iso = (ms: unknown) => new Date(Number(ms)).toISOString();

export async function routineRow(tx: Pick<WriteTx, 'get'>, userId: string, id: string): Promise<Row> {
  const row = await tx.get('SELECT * FROM routines WHERE id = ? AND user_id = ? AND deleted_at IS NULL', [id, userId]);
  if (!row) throw notFound(`Routine ${id}`);
  return row;
}

export async function toRoutine(tx: Pick<WriteTx, 'all'>, row: Row, now: Date): Promise<Routine> {
  const skips = await tx.all(
    `SELECT o.start_at, o.outcome, c.id AS conflict_id, c.start_at AS conflict_start, c.end_at AS conflict_end
     FROM routine_occurrences o LEFT JOIN sessions c ON c.id = o.conflicting_session_id
     WHERE o.routine_id = ? AND o.start_at > ? AND o.outcome IN ('overlap', 'dst-gap', 'limit', 'suspended', 'busy')
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
export async function futureSessionsOf(tx: WriteTx, routineId: string, from: Date, to: Date | null, statuses: string): Promise<string[]> {
  const rows = await tx.all(
    `SELECT id FROM sessions WHERE routine_id = ? AND status IN ${statuses} AND start_at > ? AND start_at < ? ORDER BY start_at`,
    [routineId, from.getTime(), to?.getTime() ?? Number.MAX_SAFE_INTEGER],
  );
  return rows.map((row) => String(row.id));
}

export interface RoutineDeletion {
  id: string;
  cancelled: string[];
  kept: string[];
}

/** Deletes a routine and cancels its sessions ahead (matched ones only when cancelAll); says which it cancelled and which it kept. */
export async function deleteRoutine(db: Database, userId: string, id: string, cancelAll: boolean, now: Date): Promise<RoutineDeletion> {
  return db.write(async (tx) => {
    await routineRow(tx, userId, id);
    // Nothing shows or books a deleted routine again, so its task (personal text) goes with it.
    await tx.run('UPDATE routines SET deleted_at = ?, task = NULL WHERE id = ?', [now.getTime(), id]);
    await tx.run('DELETE FROM routine_skips WHERE routine_id = ?', [id]);
    const statuses = cancelAll ? `('waiting', 'matched')` : `('waiting')`;
    const cancelled = await futureSessionsOf(tx, id, now, null, statuses);
    const kept = cancelAll ? [] : await futureSessionsOf(tx, id, now, null, `('matched')`);
    for (const sessionId of cancelled) await cancelInTransaction(tx, userId, sessionId, now);
    return { id, cancelled, kept };
  });
}
