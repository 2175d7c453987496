import { assertDeclinable, assertUnderDeclineLimit, DECLINE_PERIOD_MS, declineUse } from '../domain/decline-rules.js';
import type { RateLimitUse } from '../http/rate-limited.js';
import { conflict, notFound } from '../http/problems.js';
import type { Database } from './engine/database.js';
import { emitUnmatched } from './outbox.js';
import { dissolvePair, pairWaitingSession } from './pairing.js';
import { sessionForUser } from './sessions.js';
import type { Session } from './session-rows.js';

/**
 * Leaves a match without penalty (SPEC §7): the pair is dissolved, no late cancel is recorded,
 * the two people are never paired again for this slot, and both sessions are offered to the
 * pairing rule at once, the partner's first. Answers the caller's session as it ends up, and the
 * decline allowance this one used.
 */
export async function declineMatch(db: Database, userId: string, id: string, now: Date): Promise<{ session: Session; use: RateLimitUse }> {
  return db.write(async (tx) => {
    const session = await sessionForUser(tx, userId, id, now);
    if (!session) throw notFound(`Session ${id}`);
    if (session.status !== 'matched' || !session.partner) {
      throw conflict('not-matched', 'Nothing to decline', `Session ${id} is ${session.status}, not matched; only a match can be declined.`);
    }
    assertDeclinable(new Date(session.start), now);
    const recent = (await tx.all('SELECT declined_at FROM declines WHERE user_id = ? AND declined_at > ?', [userId, now.getTime() - DECLINE_PERIOD_MS]))
      .map((row) => new Date(Number(row.declined_at)));
    assertUnderDeclineLimit(recent, now);

    const pairId = String((await tx.get('SELECT pair_id FROM sessions WHERE id = ?', [id]))!.pair_id);
    const members = await dissolvePair(tx, pairId, now);
    await tx.run('INSERT INTO declines (user_id, declined_id, start_at, duration, declined_at) VALUES (?, ?, ?, ?, ?)', [
      userId, session.partner.id, Date.parse(session.start), session.duration, now.getTime(),
    ]);
    const partnerFirst = [...members.filter((m) => m.userId !== userId), ...members.filter((m) => m.userId === userId)];
    // Only the one left behind is told: the decliner knows what they did.
    for (const member of members.filter((m) => m.userId !== userId)) await emitUnmatched(tx, member.id, 'partner-declined', now);
    for (const member of partnerFirst) await pairWaitingSession(tx, member.id, now);
    return { session: (await sessionForUser(tx, userId, id, now))!, use: declineUse([...recent, now], now) };
  });
}
