import { conflict } from '../http/problems.js';
import type { Database, WriteTx } from './engine/database.js';
import { pendingEmailOf } from './mail-codes.js';

/** What a person's mail looks like (SPEC §14): whether the address is verified, a change waiting, the notices asked for. */
export interface MailStatus {
  email: string;
  verified: boolean;
  pendingEmail: string | null;
  reminderMinutes: number | null;
  matches: boolean;
}

export async function mailStatus(db: Database, userId: string, now: Date): Promise<MailStatus> {
  const row = (await db.get(
    `SELECT u.email, m.verified_email = u.email AS verified, m.reminder_minutes, m.notify_matches
     FROM users u LEFT JOIN mail_accounts m ON m.user_id = u.id WHERE u.id = ?`,
    [userId],
  ))!;
  return {
    email: String(row.email),
    verified: Number(row.verified) === 1,
    pendingEmail: await pendingEmailOf(db, userId, now),
    reminderMinutes: row.reminder_minutes == null ? null : Number(row.reminder_minutes),
    matches: Number(row.notify_matches) === 1,
  };
}

/**
 * The address a code was mailed to is the person's, verified: their own address, or a new one that
 * now replaces it (refused when another account took it meanwhile; nothing changes then).
 */
export async function markVerified(tx: WriteTx, userId: string, email: string, now: Date): Promise<void> {
  const current = await tx.get('SELECT 1 FROM users WHERE id = ? AND email = ?', [userId, email]);
  if (!current) {
    if (await tx.get('SELECT 1 FROM users WHERE email = ? AND id <> ?', [email, userId])) {
      throw conflict('email-taken', 'Email already registered', `${email} belongs to another account now; nothing was changed. Ask for a change to another address.`);
    }
    await tx.run('UPDATE users SET email = ? WHERE id = ?', [email, userId]);
  }
  await tx.run(
    `INSERT INTO mail_accounts (user_id, verified_email, verified_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET verified_email = excluded.verified_email, verified_at = excluded.verified_at`,
    [userId, email, now.getTime()],
  );
}

/** Whether an account (deleted ones free theirs) has this address. */
export async function emailTaken(db: Pick<Database, 'get'>, email: string): Promise<boolean> {
  return (await db.get('SELECT 1 FROM users WHERE email = ?', [email])) !== undefined;
}

/** Whether the person's current address is verified, read inside a transaction or not. */
export async function isVerified(db: Pick<Database, 'get'>, userId: string): Promise<boolean> {
  return (await db.get('SELECT 1 FROM mail_accounts m JOIN users u ON u.id = m.user_id WHERE m.user_id = ? AND m.verified_email = u.email', [userId])) !== undefined;
}

/** Whether the person's address is verified and one of `emails` (COWORK_ADMINS, lower-cased; emails match without regard to case). */
export async function isVerifiedAmong(db: Database, userId: string, emails: readonly string[]): Promise<boolean> {
  if (emails.length === 0) return false;
  const row = await db.get('SELECT lower(u.email) AS email FROM mail_accounts m JOIN users u ON u.id = m.user_id WHERE m.user_id = ? AND m.verified_email = u.email', [userId]);
  return row !== undefined && emails.includes(String(row.email));
}

export interface NoticeChange {
  reminderMinutes?: number | null | undefined;
  matches?: boolean | undefined;
}

/** Turns notices on or off; a field left out keeps its value. */
export async function changeNotices(db: Database, userId: string, change: NoticeChange): Promise<void> {
  await db.write((tx) => tx.run(
    `INSERT INTO mail_accounts (user_id, reminder_minutes, notify_matches) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET
       reminder_minutes = CASE WHEN ? THEN excluded.reminder_minutes ELSE reminder_minutes END,
       notify_matches = CASE WHEN ? THEN excluded.notify_matches ELSE notify_matches END`,
    [userId, change.reminderMinutes ?? null, change.matches ? 1 : 0, change.reminderMinutes !== undefined ? 1 : 0, change.matches !== undefined ? 1 : 0],
  ));
}

/** Every mail datum of a deleted account goes with it: its verified address, codes, reminders queued and mails not yet sent or kept. */
export async function forgetMail(tx: WriteTx, userId: string): Promise<void> {
  await tx.run('DELETE FROM mail_accounts WHERE user_id = ?', [userId]);
  await tx.run('DELETE FROM mail_codes WHERE user_id = ?', [userId]);
  await tx.run('DELETE FROM mail_outbox WHERE user_id = ?', [userId]);
  await tx.run('DELETE FROM mail_reminders WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?)', [userId]);
}
