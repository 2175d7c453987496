import { DEFAULT_RETRY_DELAYS, type RetryDelays } from '../config/config.js';
import type { Database } from '../storage/engine/database.js';
import { dueEvents, recordAttempt, type DueEvent } from '../storage/webhook-queue.js';
import { sendWebhook, type SendOptions } from '../webhooks/send.js';
import { signatureHeader } from '../webhooks/signature.js';
import type { Job } from './runner.js';

/** Retries go on this long after the event; the last failure past it gives up (SPEC §9). */
export const RETRY_FOR_MS = 24 * 60 * 60_000;
/** Sends in flight at once in one process: a step starts at most this many, side by side. */
export const DELIVERY_CONCURRENCY = 64;
/** Of which one person's webhooks hold at most this many, so slow receivers of a few people leave room for everyone else. */
export const DELIVERY_PER_PERSON = 5;
/** The fallback tick: deliveries begin at once, kicked by the event watch (api/events/event-watch.ts, api/server.ts). */
export const DELIVERY_INTERVAL_MS = 5_000;
export const DELIVER_WEBHOOKS = 'deliver-webhooks';
/** Time a step has beyond its sends' own deadline, for reading the queue and recording the attempts. */
const STEP_MARGIN_MS = 10_000;

/** The wait after failed attempt number `attempt` (from 1): growing fourfold, bounded by the longest delay. */
export function retryDelayMs(attempt: number, delays: RetryDelays): number {
  return Math.min(delays.firstMs * 4 ** (attempt - 1), delays.longestMs);
}

/** How one delivery is sent, and how long a failed one waits (the server's webhook settings). */
export type DeliverySettings = SendOptions & { retry?: RetryDelays };

export const DEFAULT_DELIVERY: DeliverySettings = { timeoutMs: 10_000, allowPrivate: false };

async function deliverOne(db: Database, event: DueEvent, now: Date, settings: DeliverySettings, signal?: AbortSignal): Promise<void> {
  const headers = { 'cowork-signature': signatureHeader(event.secret, event.body, now), 'cowork-event': event.type };
  // The network is touched here, between transactions: a rerun write never sends twice.
  const result = await sendWebhook(event.url, event.body, headers, settings, signal);
  // A step abandoned (lease lost, shutdown) records nothing: the event stays due and its next holder sends it.
  if (signal?.aborted) return;
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  if (ok) return recordAttempt(db, event, result, 'delivered', null, now);
  const deadline = event.createdAt.getTime() + RETRY_FOR_MS;
  if (now.getTime() >= deadline) return recordAttempt(db, event, result, 'failed', null, now);
  const retryAt = new Date(Math.min(now.getTime() + retryDelayMs(event.attempts + 1, settings.retry ?? DEFAULT_RETRY_DELAYS), deadline));
  return recordAttempt(db, event, result, 'retrying', retryAt, now);
}

/**
 * Sends the outbox (SPEC §9): due events chosen fairly (storage/webhook-queue.ts), signed, one POST
 * each, side by side up to DELIVERY_CONCURRENCY, each bounded by the delivery deadline. An event is
 * marked delivered only after a 2xx came back, so a process killed mid-send leaves it pending and
 * the next lease holder sends it again (at least once; receivers deduplicate by the event's `id`).
 *
 * Steps may overlap (`remote`): a step waiting on a slow receiver does not hold back the next one,
 * which skips the webhooks whose sends are still in flight here and people at their share, so no
 * event is sent twice at once by this process and a slow receiver holds no more than its owner's share.
 */
export function deliverWebhooksJob(db: Database, settings: DeliverySettings = DEFAULT_DELIVERY): Job {
  const inFlight = new Map<number, DueEvent>();
  const busy = () => {
    const people = new Map<string, number>();
    for (const { userId } of inFlight.values()) people.set(userId, (people.get(userId) ?? 0) + 1);
    return { webhooks: new Set([...inFlight.values()].map((event) => event.webhookId)), people };
  };
  return {
    name: DELIVER_WEBHOOKS,
    intervalMs: DELIVERY_INTERVAL_MS,
    deadlineMs: settings.timeoutMs + STEP_MARGIN_MS,
    remote: true,
    runOnce: async (now, signal) => {
      const room = DELIVERY_CONCURRENCY - inFlight.size;
      if (room <= 0) return false;
      const due = await dueEvents(db, now, room, DELIVERY_PER_PERSON, busy());
      for (const event of due) inFlight.set(event.seq, event);
      await Promise.all(due.map((event) => deliverOne(db, event, now, settings, signal).finally(() => inFlight.delete(event.seq))));
      return due.length === room;
    },
  };
}
