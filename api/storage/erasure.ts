import type { WriteTx } from './database.js';

/**
 * The copies of a deleted person's name and task that were written for other people (SPEC §8,
 * "personal data gone"): each is rewritten as those people now see the person everywhere else,
 * `formerName` and no task, keeping the id they were told. Two kinds exist:
 * - webhook events queued for, or kept after delivery to, a partner's webhooks: their `session`
 *   names the partner and the partner's task, or the partner asked for by name;
 * - booking answers stored for an Idempotency-Key replay, which name the partner found at once.
 * Only a past partner's data can name the person (pairs and `partnerId` need one), so the person's
 * list of partners, read before it is deleted, leads to every copy through primary keys.
 * The delivery log holds no payload; reports keep what moderation needs (see deleteAccount).
 */
export async function eraseCopiesKeptForPartners(tx: WriteTx, userId: string, formerName: string): Promise<void> {
  const partnersHooks = `SELECT w.id FROM partners p JOIN webhooks w ON w.user_id = p.partner_id WHERE p.user_id = ?`;
  await tx.run(
    `UPDATE webhook_events SET body = json_set(body, '$.data.session.partner.name', ?, '$.data.session.partnerTask', NULL)
     WHERE webhook_id IN (${partnersHooks}) AND json_extract(body, '$.data.session.partner.id') = ?`,
    [formerName, userId, userId],
  );
  await tx.run(
    `UPDATE webhook_events SET body = json_set(body, '$.data.session.requestedPartner.name', ?)
     WHERE webhook_id IN (${partnersHooks}) AND json_extract(body, '$.data.session.requestedPartner.id') = ?`,
    [formerName, userId, userId],
  );
  const partners = 'SELECT partner_id FROM partners WHERE user_id = ?';
  await tx.run(
    `UPDATE idempotency_keys SET body = json_set(body, '$.partner.name', ?, '$.partnerTask', NULL)
     WHERE user_id IN (${partners}) AND json_extract(body, '$.partner.id') = ?`,
    [formerName, userId, userId],
  );
  await tx.run(
    `UPDATE idempotency_keys SET body = json_set(body, '$.requestedPartner.name', ?)
     WHERE user_id IN (${partners}) AND json_extract(body, '$.requestedPartner.id') = ?`,
    [formerName, userId, userId],
  );
}
