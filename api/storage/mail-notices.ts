import { reminderMail, sessionChangeMail, type SessionChange, type SessionNotice } from '../mail/templates.js';
import type { Database, WriteTx } from './engine/database.js';
import { queueMail } from './mail-outbox.js';
import { SESSION_COLUMNS, SESSION_FROM } from './session-rows.js';

/**
 * The notices a person asked for (SPEC §14): a reminder before each session, and a mail when one is
 * matched, unmatched or cancelled. Only to a verified address of a person neither suspended nor
 * deleted; each queued in the transaction of the change or of the reminder's mark, so a notice
 * exists exactly when what it tells of committed. It is of no use once its session began.
 */
const ADDRESSEE = `SELECT u.id, u.name, u.email, u.timezone FROM sessions s JOIN mail_accounts m ON m.user_id = s.user_id JOIN users u ON u.id = s.user_id
  WHERE s.id = ? AND m.notify_matches = 1 AND m.verified_email = u.email AND u.suspended_at IS NULL AND u.deleted_at IS NULL`;

const SESSION_VIEW = `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ?`;

async function noticeOf(tx: Pick<WriteTx, 'get'>, sessionId: string, person: { name: string; timezone: string }): Promise<SessionNotice & { startAt: number }> {
  const row = (await tx.get(SESSION_VIEW, [sessionId]))!;
  return {
    name: person.name, timeZone: person.timezone, start: new Date(Number(row.start_at)), startAt: Number(row.start_at),
    duration: Number(row.duration), partner: row.partner_name == null ? null : String(row.partner_name), task: row.task == null ? null : String(row.task),
  };
}

const CHANGES: Record<string, SessionChange> = { 'session.matched': 'matched', 'session.unmatched': 'unmatched', 'session.cancelled': 'cancelled' };

/** For each session whose owner asked for match notices, queues the mail telling of `type` (api/storage/outbox.ts calls this with every such event). */
export async function queueSessionNotices(tx: WriteTx, sessionIds: readonly string[], type: string, now: Date): Promise<void> {
  const change = CHANGES[type];
  if (!change) return;
  for (const sessionId of sessionIds) {
    const person = await tx.get(ADDRESSEE, [sessionId]);
    if (!person) continue;
    const notice = await noticeOf(tx, sessionId, { name: String(person.name), timezone: String(person.timezone) });
    if (notice.startAt <= now.getTime()) continue;
    await queueMail(tx, {
      userId: String(person.id), kind: change, to: String(person.email), ...sessionChangeMail(notice, change), notice: true, expiresAt: notice.start,
    }, now);
  }
}

/** How far ahead the reminders are looked for: the longest reminder a person may ask for. */
const LONGEST_REMINDER_MS = 24 * 60 * 60_000;

/**
 * Queues the reminders that are due (start - reminder ≤ now < start) and not yet queued, marking
 * each session in the same transaction, so a rerun or a second process never queues one twice.
 * Answers how many.
 */
export async function queueDueReminders(db: Database, now: Date, limit: number): Promise<number> {
  return db.write(async (tx) => {
    const at = now.getTime();
    const rows = await tx.all(
      `SELECT s.id, u.id AS user_id, u.name, u.email, u.timezone, m.reminder_minutes
       FROM mail_accounts m JOIN users u ON u.id = m.user_id
       JOIN sessions s ON s.user_id = m.user_id AND s.start_at > ? AND s.start_at <= ?
       WHERE m.reminder_minutes IS NOT NULL AND m.verified_email = u.email AND u.suspended_at IS NULL AND u.deleted_at IS NULL
         AND s.status IN ('waiting', 'matched') AND s.start_at - m.reminder_minutes * 60000 <= ?
         AND NOT EXISTS (SELECT 1 FROM mail_reminders r WHERE r.session_id = s.id)
       ORDER BY s.start_at LIMIT ?`,
      [at, at + LONGEST_REMINDER_MS, at, limit],
    );
    for (const row of rows) {
      const sessionId = String(row.id);
      await tx.run('INSERT INTO mail_reminders (session_id, queued_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [sessionId, at]);
      const notice = await noticeOf(tx, sessionId, { name: String(row.name), timezone: String(row.timezone) });
      await queueMail(tx, {
        userId: String(row.user_id), kind: 'reminder', to: String(row.email), ...reminderMail(notice, Number(row.reminder_minutes)), notice: true, expiresAt: notice.start,
      }, now);
    }
    return rows.length;
  });
}

/**
 * The marks of reminders queued over two days ago go (the prune job): a reminder is queued at most a
 * day before its session, so that session has begun and no reminder can be due for it again.
 */
export function deletePastReminders(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    'DELETE FROM mail_reminders WHERE session_id IN (SELECT session_id FROM mail_reminders WHERE queued_at < ? LIMIT ?)',
    [now.getTime() - 2 * LONGEST_REMINDER_MS, limit],
  );
}

/** The one-click unsubscribe (RFC 8058): every notice off. */
export async function stopNotices(db: Database, userId: string): Promise<void> {
  await db.write((tx) => tx.run('UPDATE mail_accounts SET reminder_minutes = NULL, notify_matches = 0 WHERE user_id = ?', [userId]));
}
