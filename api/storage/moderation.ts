import { conflict, notFound, Problem } from '../http/problems.js';
import { newId } from '../accounts/secrets.js';
import { withdrawPerson } from './accounts.js';
import type { Database, WriteTx } from './engine/database.js';

/** Reports and suspensions (SPEC §8): what members tell the admins, and what admins do about it. */

export type ReportReason = 'no-show' | 'inappropriate' | 'other';

/** A report may be made from the session's start until this long after its end. */
export const REPORT_WINDOW_AFTER_END_MS = 48 * 60 * 60_000;

export interface NewReport {
  reporterId: string;
  reportedId: string;
  sessionId: string;
  reason: ReportReason;
  note: string | null;
}

/** A report as its reporter sees it; `repeated` when it was filed before and this is that first one. */
export interface ReportReceipt {
  id: string;
  createdAt: string;
  repeated: boolean;
}

export interface Suspension {
  userId: string;
  reason: string;
  since: string;
}

/**
 * Records a report about someone who was the reporter's partner in that session at any point
 * (every pair the session was ever in counts, dissolved ones too), inside the session's report
 * window. Blocking them is the caller's next step in the same transaction, a repeat's too (the
 * person may have been unblocked since).
 */
export async function recordReport(tx: WriteTx, report: NewReport, now: Date): Promise<ReportReceipt> {
  const session = await tx.get(
    `SELECT s.start_at, s.end_at FROM sessions s
     JOIN pairs p ON s.id IN (p.session_a, p.session_b)
     JOIN sessions o ON o.id IN (p.session_a, p.session_b) AND o.id <> s.id
     WHERE s.id = ? AND s.user_id = ? AND o.user_id = ? LIMIT 1`,
    [report.sessionId, report.reporterId, report.reportedId],
  );
  if (!session) throw notFound(`A partner ${report.reportedId} in your session ${report.sessionId}`);
  // One report per reporter, person and session (SPEC §16): a repeat answers the first, whenever it comes.
  const first = await tx.get('SELECT id, created_at FROM reports WHERE reporter_id = ? AND reported_id = ? AND session_id = ?',
    [report.reporterId, report.reportedId, report.sessionId]);
  if (first) return { id: String(first.id), createdAt: new Date(Number(first.created_at)).toISOString(), repeated: true };
  const opensAt = new Date(Number(session.start_at));
  const closesAt = new Date(Number(session.end_at) + REPORT_WINDOW_AFTER_END_MS);
  if (now < opensAt || now > closesAt) {
    throw conflict('report-window', 'Outside the report window',
      `A session can be reported from its start (${opensAt.toISOString()}) until 48 hours after its end (${closesAt.toISOString()}).`,
      { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() });
  }
  const id = newId();
  await tx.run(
    `INSERT INTO reports (id, reporter_id, reported_id, session_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [id, report.reporterId, report.reportedId, report.sessionId, report.reason, report.note, now.getTime()],
  );
  return { id, createdAt: now.toISOString(), repeated: false };
}

export interface ReportView {
  id: string;
  reason: ReportReason;
  note: string | null;
  createdAt: string;
  reporter: { id: string; name: string; email: string };
  reported: { id: string; name: string; email: string; suspended: boolean };
  session: { id: string; start: string; duration: number };
}

/** A page of reports, newest first; `before` is the seq the previous page ended at. */
export async function listReports(db: Database, limit: number, before: number | null): Promise<{ reports: ReportView[]; next: number | null }> {
  const rows = await db.all(
    `SELECT r.seq, r.id, r.reason, r.note, r.created_at, s.id AS session_id, s.start_at, s.duration,
       a.id AS reporter_id, a.name AS reporter_name, a.email AS reporter_email,
       b.id AS reported_id, b.name AS reported_name, b.email AS reported_email, b.suspended_at
     FROM reports r JOIN users a ON a.id = r.reporter_id JOIN users b ON b.id = r.reported_id JOIN sessions s ON s.id = r.session_id
     WHERE r.seq < ? ORDER BY r.seq DESC LIMIT ?`,
    [before ?? Number.MAX_SAFE_INTEGER, limit + 1],
  );
  const reports = rows.slice(0, limit).map((row) => ({
    id: String(row.id),
    reason: String(row.reason) as ReportReason,
    note: row.note == null ? null : String(row.note),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    reporter: { id: String(row.reporter_id), name: String(row.reporter_name), email: String(row.reporter_email) },
    reported: { id: String(row.reported_id), name: String(row.reported_name), email: String(row.reported_email), suspended: row.suspended_at != null },
    session: { id: String(row.session_id), start: new Date(Number(row.start_at)).toISOString(), duration: Number(row.duration) },
  }));
  return { reports, next: rows.length > limit ? Number(rows[limit - 1]!.seq) : null };
}

/**
 * Suspends a person in the caller's transaction: tokens revoked, call links refused, future
 * sessions cancelled with partners re-paired at once. Webhooks pause because `emit` (outbox.ts)
 * queues nothing for a suspended person; routines (issue 11) pause here once their table exists.
 * Suspending twice keeps the first date and the new reason.
 */
export async function suspendUser(tx: WriteTx, userId: string, reason: string, now: Date): Promise<Suspension> {
  const row = await tx.get('SELECT suspended_at FROM users WHERE id = ? AND deleted_at IS NULL', [userId]);
  if (!row) throw notFound(`User ${userId}`);
  const since = row.suspended_at == null ? now.getTime() : Number(row.suspended_at);
  await tx.run('UPDATE users SET suspended_at = ?, suspension_reason = ? WHERE id = ?', [since, reason, userId]);
  await withdrawPerson(tx, userId, now);
  return { userId, reason, since: new Date(since).toISOString() };
}

export async function suspend(db: Database, userId: string, reason: string, now: Date): Promise<Suspension> {
  return db.write((tx) => suspendUser(tx, userId, reason, now));
}

/** Lifts a suspension; the person logs in again (nothing that was cancelled comes back). Harmless when none. */
export async function unsuspend(db: Database, userId: string): Promise<void> {
  await db.write(async (tx) => {
    const found = await tx.run('UPDATE users SET suspended_at = NULL, suspension_reason = NULL WHERE id = ? AND deleted_at IS NULL', [userId]);
    if (found === 0) throw notFound(`User ${userId}`);
  });
}

/** The living person with this email (any case: the column collates NOCASE), as an admin sees them. */
export async function personByEmail(db: Database, email: string): Promise<{ id: string; name: string; email: string; suspended: boolean } | undefined> {
  const row = await db.get('SELECT id, name, email, suspended_at FROM users WHERE email = ? AND deleted_at IS NULL', [email]);
  return row && { id: String(row.id), name: String(row.name), email: String(row.email), suspended: row.suspended_at != null };
}

export async function suspensionOf(db: Database, userId: string): Promise<Suspension | null> {
  const row = await db.get('SELECT suspended_at, suspension_reason FROM users WHERE id = ? AND suspended_at IS NOT NULL', [userId]);
  return row ? { userId, reason: String(row.suspension_reason ?? ''), since: new Date(Number(row.suspended_at)).toISOString() } : null;
}

export const suspended = (suspension: Suspension) =>
  new Problem(403, 'account-suspended', 'Account suspended',
    `This account was suspended on ${suspension.since} by the server's admins: ${suspension.reason}`, { reason: suspension.reason, suspendedAt: suspension.since });
