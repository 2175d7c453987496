import type { WriteTx } from './engine/database.js';

/**
 * The copies of a deleted person's name and task that were written for other people (SPEC §8,
 * "personal data gone"): each is rewritten as those people now see the person everywhere else,
 * `formerName` and no task, keeping the id they were told. Three kinds exist:
 * - webhook events queued for, or kept after delivery to, a partner's webhooks: their `session`
 *   names the partner and the partner's task, or the partner asked for by name;
 * - the same events in the partners' event logs (their live streams);
 * - booking answers stored for an Idempotency-Key replay, which name the partner found at once.
 * Only a past partner's data can name the person (pairs and `partnerId` need one), so the person's
 * list of partners, read before it is deleted, leads to every copy through primary keys.
 * The delivery log holds no payload; reports keep what moderation needs (see deleteAccount).
 */
export async function eraseCopiesKeptForPartners(tx: WriteTx, userId: string, formerName: string): Promise<void> {
  const copies = [
    // Events of the partners' webhooks, whose session sits under data.session.
    { table: 'webhook_events', owners: 'webhook_id IN (SELECT w.id FROM partners p JOIN webhooks w ON w.user_id = p.partner_id WHERE p.user_id = ?)', session: '$.data.session' },
    // The partners' event logs (their live streams), the same bodies.
    { table: 'events', owners: 'user_id IN (SELECT partner_id FROM partners WHERE user_id = ?)', session: '$.data.session' },
    // The partners' stored booking answers, each a session itself.
    { table: 'idempotency_keys', owners: 'user_id IN (SELECT partner_id FROM partners WHERE user_id = ?)', session: '$' },
  ];
  for (const { table, owners, session } of copies) {
    await tx.run(
      `UPDATE ${table} SET body = json_set(body, '${session}.partner.name', ?, '${session}.partnerTask', NULL)
       WHERE ${owners} AND json_extract(body, '${session}.partner.id') = ?`,
      [formerName, userId, userId],
    );
    await tx.run(
      `UPDATE ${table} SET body = json_set(body, '${session}.requestedPartner.name', ?)
       WHERE ${owners} AND json_extract(body, '${session}.requestedPartner.id') = ?`,
      [formerName, userId, userId],
    );
  }
}
