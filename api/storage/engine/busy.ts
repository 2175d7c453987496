import { setTimeout as sleep } from 'node:timers/promises';
import { Problem } from '../../http/problems.js';

/**
 * Waiting for another process's lock without freezing this one. The synchronous driver waits
 * for a lock on the event loop, so it is given only a few milliseconds (DRIVER_BUSY_TIMEOUT_MS);
 * longer waits are asynchronous retries with jittered, growing pauses up to a deadline.
 */

/** How long one driver call may wait for a lock on the event loop before reporting SQLITE_BUSY. */
export const DRIVER_BUSY_TIMEOUT_MS = 5;

/** How long a request waits for the database (COWORK_DB_WAIT_MS) when nothing else is said. */
export const DEFAULT_WAIT_MS = 10_000;

const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 100;

export const isBusy = (error: unknown) => /SQLITE_BUSY/.test(String((error as { code?: unknown })?.code ?? ''));

export const databaseBusy = () =>
  new Problem(503, 'database-busy', 'Database busy', 'The database is busy with other writers; retry in a moment.', {}, { 'Retry-After': '1' });

/**
 * The pause before retry number `attempt` (0-based): doubling, capped, and drawn from its upper
 * half at random so that processes which collided once do not collide again in step.
 */
export function retryPause(attempt: number): number {
  const ceiling = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Sleeps before the next attempt; false (without sleeping) once `deadline` leaves no time for one. */
export async function pauseBeforeRetry(attempt: number, deadline: number): Promise<boolean> {
  const left = deadline - Date.now();
  if (left <= 0) return false;
  await sleep(Math.min(retryPause(attempt), left));
  return true;
}

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY (the connection that saw BUSY reopens
 * itself before its next statement). After `waitMs` the caller gets the 503 problem.
 */
export async function retryWhileBusy<T>(waitMs: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (!(await pauseBeforeRetry(tries, deadline))) throw databaseBusy();
    }
  }
}
