import type { Database } from './database.js';
import { deleteExpiredIdempotencyKeys } from './idempotency.js';
import { deleteStaleKnownAddresses } from './login-attempts.js';
import { deleteExpiredRateLimits } from './rate-limits.js';

export interface Purged {
  idempotencyKeys: number;
  rateLimits: number;
  knownAddresses: number;
}

/**
 * Rows past their retention, removed in one write transaction: one short hold of the write lock
 * an hour, however many tables there are to prune.
 */
export async function purgeExpiredRows(db: Database, now: Date): Promise<Purged> {
  return db.write(async (tx) => ({
    idempotencyKeys: await deleteExpiredIdempotencyKeys(tx, now),
    rateLimits: await deleteExpiredRateLimits(tx, now),
    knownAddresses: await deleteStaleKnownAddresses(tx, now),
  }));
}
