import { newId, newRoomName } from '../secrets.js';
import type { WriteTx } from './database.js';

/**
 * THE pairing rule (SPEC §2): a waiting session is paired with the oldest waiting session of
 * another person with the same start and the same duration. Called inside the write
 * transaction that made the session waiting (a booking, or a partner's cancel), so a session
 * can never end up in two pairs, whatever the number of requests and processes.
 * Returns the partner's session id, or null when nobody compatible is waiting.
 */
export async function pairWithOldestWaiting(
  tx: WriteTx,
  session: { id: string; userId: string; startMs: number; duration: number },
  now: Date,
): Promise<string | null> {
  const partner = await tx.get(
    `SELECT id FROM sessions
     WHERE status = 'waiting' AND start_at = ? AND duration = ? AND user_id <> ? AND id <> ?
     ORDER BY seq LIMIT 1`,
    [session.startMs, session.duration, session.userId, session.id],
  );
  if (!partner) return null;
  const partnerId = String(partner.id);
  const pairId = newId();
  await tx.run('INSERT INTO pairs (id, room, session_a, session_b, created_at) VALUES (?, ?, ?, ?, ?)', [
    pairId, newRoomName(), partnerId, session.id, now.getTime(),
  ]);
  await tx.run(`UPDATE sessions SET status = 'matched', pair_id = ? WHERE id IN (?, ?)`, [pairId, partnerId, session.id]);
  return partnerId;
}
