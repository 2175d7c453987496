import { DEFAULT_RETRY_DELAYS, type RetryDelays } from '../config.js';
import type { Database } from '../storage/database.js';
import { dueEvents, recordAttempt, type DueEvent } from '../storage/webhooks.js';
import { sendWebhook, type SendOptions } from '../webhooks/send.js';
import { signatureHeader } from '../webhooks/signature.js';
import type { Job } from './runner.js';

/** Retries go on this long after the event; the last failure past it gives up (SPEC §9). */
export const RETRY_FOR_MS = 24 * 60 * 60_000;
export const DELIVERY_BATCH = 20;
export const DELIVERY_INTERVAL_MS = 5_000;

/** The wait after failed attempt number `attempt` (from 1): growing fourfold, bounded by the longest delay. */
export function retryDelayMs(attempt: number, delays: RetryDelays): number {
  return Math.min(delays.firstMs * 4 ** (attempt - 1), delays.longestMs);
}

/** How one delivery is sent, and how long a failed one waits (the server's webhook settings). */
export type DeliverySettings = SendOptions & { retry?: RetryDelays };

export const DEFAULT_DELIVERY: DeliverySettings = { timeoutMs: 10_000, allowPrivate: false };

async function deliverOne(db: Database, event: DueEvent, now: Date, settings: DeliverySettings): Promise<void> {
  const headers = { 'cowork-signature': signatureHeader(event.secret, event.body, now), 'cowork-event': event.type };
  // The network is touched here, between transactions: a rerun write never sends twice.
  const result = await sendWebhook(event.url, event.body, headers, settings);
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  if (ok) return recordAttempt(db, event, result, 'delivered', null, now);
  const deadline = event.createdAt.getTime() + RETRY_FOR_MS;
  if (now.getTime() >= deadline) return recordAttempt(db, event, result, 'failed', null, now);
  const retryAt = new Date(Math.min(now.getTime() + retryDelayMs(event.attempts + 1, settings.retry ?? DEFAULT_RETRY_DELAYS), deadline));
  return recordAttempt(db, event, result, 'retrying', retryAt, now);
}

/**
 * Sends the outbox (SPEC §9): every event due at `now`, signed, one POST each. An event is marked
 * delivered only after a 2xx came back, so a process killed mid-send leaves it pending and the next
 * lease holder sends it again (at least once; receivers deduplicate by the event's `id`).
 */
export function deliverWebhooksJob(db: Database, settings: DeliverySettings = DEFAULT_DELIVERY): Job {
  return {
    name: 'deliver-webhooks',
    intervalMs: DELIVERY_INTERVAL_MS,
    runOnce: async (now) => {
      const due = await dueEvents(db, now, DELIVERY_BATCH);
      await Promise.all(due.map((event) => deliverOne(db, event, now, settings)));
      return due.length === DELIVERY_BATCH;
    },
  };
}
