import { unprocessable } from '../http/problems.js';
import type { WriteTx } from './engine/database.js';

/** Stripe-style Idempotency-Key: a replay of the same key and body answers the first result. */
export interface IdempotencyClaim {
  key: string;
  requestHash: string;
}

/** Kept twice the promised 24 hours, so a client retrying across a day boundary is safe. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60_000;

/** The stored answer for this key, or undefined if the key is new; 422 if the key came with another body. */
export async function replayOrRefuse(tx: Pick<WriteTx, 'get'>, userId: string, claim: IdempotencyClaim): Promise<unknown> {
  const row = await tx.get('SELECT request_hash, body FROM idempotency_keys WHERE user_id = ? AND key = ?', [userId, claim.key]);
  if (!row) return undefined;
  if (row.request_hash !== claim.requestHash) {
    throw unprocessable('idempotency-key-reused', 'Idempotency-Key reused',
      `The Idempotency-Key "${claim.key}" was already used with a different request body; send a new key for a new booking.`);
  }
  return JSON.parse(String(row.body));
}

export async function saveIdempotentResult(tx: WriteTx, userId: string, claim: IdempotencyClaim, body: unknown, now: Date): Promise<void> {
  await tx.run('INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, 201, ?, ?)', [
    userId, claim.key, claim.requestHash, JSON.stringify(body), now.getTime(),
  ]);
}

/** Deletes at most `limit` keys past their retention; answers how many went. */
export function deleteExpiredIdempotencyKeys(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM idempotency_keys WHERE (user_id, key) IN
       (SELECT user_id, key FROM idempotency_keys WHERE created_at < ? LIMIT ?)`,
    [now.getTime() - IDEMPOTENCY_RETENTION_MS, limit],
  );
}
