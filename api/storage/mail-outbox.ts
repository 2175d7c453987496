import { newId } from '../accounts/secrets.js';
import type { Database, WriteTx } from './engine/database.js';

/** A mail written in the caller's transaction, sent later by the mail job (api/mail/deliver-mail.ts). */
export interface QueuedMail {
  userId: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A notice the person asked for (not a code): it leaves with List-Unsubscribe. */
  notice?: boolean;
  /** Past this time the mail is no use (a reminder after its session began): dropped, not sent. */
  expiresAt: Date;
}

export async function queueMail(tx: WriteTx, mail: QueuedMail, now: Date): Promise<void> {
  const domain = mail.to.split('@').pop() ?? 'cowork.invalid';
  await tx.run(
    `INSERT INTO mail_outbox (user_id, kind, recipient, subject, text_body, html_body, notice, message_id, created_at, expires_at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [mail.userId, mail.kind, mail.to, mail.subject, mail.text, mail.html, mail.notice ? 1 : 0, `<${newId()}${newId()}@${domain}>`,
      now.getTime(), mail.expiresAt.getTime(), now.getTime()],
  );
}

export interface DueMail {
  seq: number;
  userId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  notice: boolean;
  messageId: string;
  attempts: number;
  expiresAt: Date;
}

/**
 * The due mails, dealt out fairly (SPEC §16): each person's oldest first, everyone's first before
 * anyone's second, at most `perPerson` each. The window reads at most SCAN due rows, so a backlog
 * costs the same per step whatever its size.
 */
const SCAN = 2_000;
const FAIR_DUE = `
  WITH due AS MATERIALIZED (
    SELECT seq, user_id, recipient, subject, text_body, html_body, notice, message_id, attempts, expires_at, next_attempt_at
    FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= ? AND leased_until <= ?
    ORDER BY next_attempt_at, seq LIMIT ${SCAN}
  ), dealt AS (
    SELECT due.*, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY next_attempt_at, seq) AS share FROM due
  )
  SELECT * FROM dealt WHERE share <= ? ORDER BY share, next_attempt_at, seq LIMIT ?`;

/**
 * Takes up to `limit` due mails and leases each until `leaseUntil` in the same transaction, so a
 * step that overlaps this one, or another process that took the job over, does not send them too
 * while this send is under way; a lease that lapses (a process killed mid-send) frees the mail again.
 */
export async function takeDueMail(db: Database, now: Date, limit: number, perPerson: number, leaseUntil: Date): Promise<DueMail[]> {
  return db.write(async (tx) => {
    const rows = await tx.all(FAIR_DUE, [now.getTime(), now.getTime(), perPerson, limit]);
    for (const row of rows) await tx.run('UPDATE mail_outbox SET leased_until = ? WHERE seq = ?', [leaseUntil.getTime(), Number(row.seq)]);
    return rows.map((row) => ({
      seq: Number(row.seq), userId: String(row.user_id), to: String(row.recipient), subject: String(row.subject),
      text: String(row.text_body), html: String(row.html_body), notice: Number(row.notice) === 1,
      messageId: String(row.message_id), attempts: Number(row.attempts), expiresAt: new Date(Number(row.expires_at)),
    }));
  });
}

export type MailOutcome = 'sent' | 'retrying' | 'failed' | 'expired';

/**
 * Records one attempt (guarded by the attempt count, so recording it twice changes nothing). A mail
 * that is done keeps no body: a code it carried lives in plain text only until it leaves.
 */
export async function recordMailAttempt(db: Database, mail: DueMail, outcome: MailOutcome, error: string | null, retryAt: Date | null, now: Date): Promise<void> {
  await db.write(async (tx) => {
    if (outcome === 'retrying') {
      await tx.run(
        `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?, leased_until = 0, last_error = ? WHERE seq = ? AND state = 'pending' AND attempts = ?`,
        [retryAt!.getTime(), error, mail.seq, mail.attempts],
      );
      return;
    }
    await tx.run(
      `UPDATE mail_outbox SET attempts = attempts + ?, state = ?, leased_until = 0, last_error = ?, finished_at = ?, text_body = '', html_body = ''
       WHERE seq = ? AND state = 'pending' AND attempts = ?`,
      [outcome === 'expired' ? 0 : 1, outcome, error, now.getTime(), mail.seq, mail.attempts],
    );
  });
}

/** Finished mails kept this long (what was sent when, and why one failed); then they go. */
export const MAIL_RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * Mails finished over a week ago go, and so do mails past their use that no job will send (a
 * server restarted without mail); at most `limit` (the prune job).
 */
export function deleteFinishedMail(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM mail_outbox WHERE seq IN (
       SELECT seq FROM mail_outbox WHERE state <> 'pending' AND finished_at < ?
       UNION ALL SELECT seq FROM mail_outbox WHERE state = 'pending' AND expires_at < ? LIMIT ?)`,
    [now.getTime() - MAIL_RETENTION_MS, now.getTime() - MAIL_RETENTION_MS, limit],
  );
}
