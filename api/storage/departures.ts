import type { WriteTx } from './engine/database.js';
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

/**
 * Drops the requests of `askerId`'s live sessions ahead to be paired with `askedId`, who can no
 * longer be their partner (a block between them); answers those still waiting, which the caller
 * offers to the pairing rule once the pairs it dissolves are gone.
 */
export async function dropRequests(tx: WriteTx, askerId: string, askedId: string, now: Date): Promise<string[]> {
  const asking = await tx.all(
    `SELECT id, status FROM sessions WHERE user_id = ? AND start_at > ? AND requested_partner_id = ? AND status IN ('waiting', 'matched')`,
    [askerId, now.getTime(), askedId],
  );
  for (const session of asking) await tx.run('UPDATE sessions SET requested_partner_id = NULL WHERE id = ?', [String(session.id)]);
  return asking.filter((row) => row.status === 'waiting').map((row) => String(row.id));
}

/**
 * A person leaves (suspension, account deletion): their future sessions are cancelled, and the
 * others' sessions ahead that ask for them by name (`partnerId`) drop a request that can no longer
 * be met; otherwise nobody else could ever be paired with them. A session that loses its asked-for
 * partner is treated as one whose partner was lost to a block or a suspension (SPEC §9): its owner
 * is told `partner-unavailable` (a matched one by cancelFutureSessions, which dissolves its pair)
 * and is offered to the pairing rule once the person's own sessions are gone.
 */
export async function leaveEveryone(tx: WriteTx, userId: string, now: Date): Promise<void> {
  // Only a past partner can be asked for (SPEC §11): the person's list of partners finds everyone
  // who may ask, and dropRequests reads each one's sessions ahead through the (user_id, start_at) index.
  const askers = await tx.all('SELECT partner_id FROM partners WHERE user_id = ?', [userId]);
  const waiting: string[] = [];
  for (const asker of askers) waiting.push(...(await dropRequests(tx, String(asker.partner_id), userId, now)));
  for (const id of waiting) await emitUnmatched(tx, id, 'partner-unavailable', now);
  await cancelFutureSessions(tx, userId, now);
  // A partner re-paired just now may have taken one of them already: the rule pairs only a session still waiting.
  for (const id of waiting) await pairWaitingSession(tx, id, now);
}
