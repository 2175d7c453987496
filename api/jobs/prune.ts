import { deleteOldCheckIns } from '../storage/attendance.js';
import { deleteOldEvents } from '../storage/events.js';
import type { Database, WriteTx } from '../storage/engine/database.js';
import { deleteExpiredIdempotencyKeys } from '../storage/idempotency.js';
import { deleteStaleKnownAddresses } from '../storage/login-attempts.js';
import { deleteExpiredRateLimits } from '../storage/rate-limits.js';
import { deleteFinishedEvents, deleteOldDeliveries } from '../storage/webhooks.js';
import { deleteFinishedMail } from '../storage/mail-outbox.js';
import { deletePastReminders } from '../storage/mail-notices.js';
import { deletePastOccurrences, deletePastSkips } from '../storage/routine-booking.js';
import type { Job } from './runner.js';

/** Deletes at most `limit` rows past their retention and answers how many went; the rule lives with the table's SQL. */
export type PruneTarget = (tx: WriteTx, now: Date, limit: number) => Promise<number>;

/** Everything pruned, one line each (SPEC §10). */
const PRUNE_TARGETS = {
  idempotencyKeys: deleteExpiredIdempotencyKeys,
  rateLimits: deleteExpiredRateLimits,
  knownAddresses: deleteStaleKnownAddresses,
  webhookDeliveries: deleteOldDeliveries,
  webhookEvents: deleteFinishedEvents,
  routineOccurrences: deletePastOccurrences,
  routineSkips: deletePastSkips,
  checkIns: deleteOldCheckIns,
  events: deleteOldEvents,
  mail: deleteFinishedMail,
  mailReminders: deletePastReminders,
} satisfies Record<string, PruneTarget>;

export type Pruned = Record<keyof typeof PRUNE_TARGETS, number>;

/** Rows per table per step: small enough that a step never holds the write lock for long. */
export const PRUNE_BATCH = 1_000;
export const PRUNE_INTERVAL_MS = 60 * 60_000;

/** One step of pruning: every target in one write transaction, each bounded to `batch` rows. */
export async function pruneOnce(db: Database, now: Date, batch = PRUNE_BATCH): Promise<Pruned> {
  return db.write(async (tx) => {
    const pruned = {} as Pruned;
    for (const [name, prune] of Object.entries(PRUNE_TARGETS)) pruned[name as keyof Pruned] = await prune(tx, now, batch);
    return pruned;
  });
}

/** Removes what is past its retention, hourly, or at once while a table still fills its batch. */
export function pruneJob(db: Database, batch = PRUNE_BATCH): Job {
  return {
    name: 'prune',
    intervalMs: PRUNE_INTERVAL_MS,
    runOnce: async (now) => Object.values(await pruneOnce(db, now, batch)).some((count) => count >= batch),
  };
}
