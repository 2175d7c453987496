import type { Database } from '../storage/engine/database.js';
import { rollRoutineById, routinesToRoll } from '../storage/routine-booking.js';
import type { Job } from './runner.js';

/** Routines per step, each rolled in its own transaction (at most 91 days of occurrences each). */
export const ROLL_BATCH = 50;
export const ROLL_INTERVAL_MS = 60_000;

/** One step: rolls the routines whose horizon is due to move; true while more are due. */
export async function rollRoutinesOnce(db: Database, now: Date, maxUpcoming: number, batch = ROLL_BATCH, signal?: AbortSignal): Promise<boolean> {
  const due = await routinesToRoll(db, now, batch);
  for (const routineId of due) {
    // An abandoned step (deadline passed, lease lost) writes nothing more; the next step rolls the rest.
    signal?.throwIfAborted();
    await rollRoutineById(db, routineId, now, maxUpcoming);
  }
  return due.length >= batch;
}

/** Keeps every active routine booked up to its horizon (SPEC §9), whichever server process holds the lease. */
export function rollRoutinesJob(db: Database, limits: { maxUpcoming: number }, batch = ROLL_BATCH): Job {
  return { name: 'roll-routines', intervalMs: ROLL_INTERVAL_MS, runOnce: (now, signal) => rollRoutinesOnce(db, now, limits.maxUpcoming, batch, signal) };
}
