import type { WriteTx } from './database.js';
import { emitUnmatched } from './outbox.js';
import { dissolvePair, pairWaitingSession } from './pairing.js';

/**
 * Cancels every live session of this person that has not started yet, in the caller's
 * transaction (a suspension, an account deletion). Each partner goes back to waiting and is
 * offered to the pairing rule at once, so nobody is left holding a pair with someone gone.
 * Not a late cancel: the person did not choose to leave.
 */
export async function cancelFutureSessions(tx: WriteTx, userId: string, now: Date): Promise<number> {
  const at = now.getTime();
  const sessions = await tx.all(
    `SELECT id, pair_id FROM sessions WHERE user_id = ? AND start_at > ? AND status IN ('waiting', 'matched')`,
    [userId, at],
  );
  for (const session of sessions) {
    const members = session.pair_id == null ? [] : await dissolvePair(tx, String(session.pair_id), now);
    await tx.run(`UPDATE sessions SET status = 'cancelled', cancelled_at = ? WHERE id = ?`, [at, String(session.id)]);
    for (const partner of members.filter((member) => member.userId !== userId)) {
      // The one left behind learns only that their partner is unavailable (SPEC §9), not why.
      await emitUnmatched(tx, partner.id, 'partner-unavailable', now);
      await pairWaitingSession(tx, partner.id, now);
    }
  }
  return sessions.length;
}
