import { conflict, Problem } from '../http/problems.js';
import { rateLimitFields, type RateLimitUse } from '../http/rate-limited.js';
import { assertCancellable, JOIN_EARLY_MS } from './session-rules.js';

/** When a match may be declined without penalty, and how often (SPEC §7). */
export const DECLINE_LIMIT = 3;
export const DECLINE_PERIOD_MS = 24 * 60 * 60_000;

/**
 * A decline is allowed until the join window opens, 10 minutes before the start. Until the start
 * the refusal points to cancelling; from the start neither can help, and it says what can.
 */
export function assertDeclinable(start: Date, now: Date): void {
  assertCancellable(start, now);
  const opensAt = new Date(start.getTime() - JOIN_EARLY_MS);
  if (now >= opensAt) {
    throw conflict('decline-window-closed', 'Too late to decline',
      `A match can be declined only until its join window opens (${opensAt.toISOString()}, 10 minutes before the start); until the start it can still be cancelled, as a late cancel.`,
      { opensAt: opensAt.toISOString() });
  }
}

/**
 * Given the times of a person's declines in the last 24 hours, when the next one is allowed:
 * null if now, else the moment the oldest decline that still counts leaves the 24-hour window.
 */
export function nextDeclineAllowedAt(recent: readonly Date[], now: Date): Date | null {
  const counted = recent.filter((at) => now.getTime() - at.getTime() < DECLINE_PERIOD_MS).sort((a, b) => a.getTime() - b.getTime());
  if (counted.length < DECLINE_LIMIT) return null;
  return new Date(counted[counted.length - DECLINE_LIMIT]!.getTime() + DECLINE_PERIOD_MS);
}

/**
 * The allowance as the RateLimit fields say it, `recent` being the declines of the last 24 hours:
 * how many count, and when the next one leaves the window (the allowance comes back one at a time).
 */
export function declineUse(recent: readonly Date[], now: Date): RateLimitUse {
  const counted = recent.filter((at) => now.getTime() - at.getTime() < DECLINE_PERIOD_MS).sort((a, b) => a.getTime() - b.getTime());
  const hits = Math.min(counted.length, DECLINE_LIMIT);
  const leaving = counted[counted.length - hits];
  return { policy: 'decline', limit: DECLINE_LIMIT, windowMs: DECLINE_PERIOD_MS, hits, resetsAt: leaving ? new Date(leaving.getTime() + DECLINE_PERIOD_MS) : now };
}

export function assertUnderDeclineLimit(recent: readonly Date[], now: Date): void {
  const retryAt = nextDeclineAllowedAt(recent, now);
  if (!retryAt) return;
  throw new Problem(409, 'decline-limit', 'Decline limit reached',
    `At most ${DECLINE_LIMIT} declines in any 24 hours; the next is allowed at ${retryAt.toISOString()}. Cancelling the session is always possible.`,
    { retryAt: retryAt.toISOString() }, rateLimitFields(declineUse(recent, now), now));
}
