import { JOIN_EARLY_MS } from '../domain/session-rules.js';
import type { Database } from '../storage/engine/database.js';
import { announceStartingSessions } from '../storage/announcements.js';
import type { Job } from './runner.js';

export const ANNOUNCE_BATCH = 200;
export const ANNOUNCE_INTERVAL_MS = 30_000;

/**
 * `session.starting` (SPEC §9): once the join window of a matched session opened, and never after
 * its end, one event per session and person. Marking and emitting share a transaction, so a rerun
 * or a second process cannot announce twice.
 */
export function announceStartingJob(db: Database): Job {
  return {
    name: 'announce-starting',
    intervalMs: ANNOUNCE_INTERVAL_MS,
    runOnce: async (now) => (await announceStartingSessions(db, now, JOIN_EARLY_MS, ANNOUNCE_BATCH)) === ANNOUNCE_BATCH,
  };
}
