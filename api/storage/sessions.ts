import { conflict, notFound } from '../http/problems.js';
import { assertCancellable, assertTaskEditable, isLateCancel } from '../domain/session-rules.js';
import type { Database, WriteTx } from './engine/database.js';
import { emitCancelled, emitUnmatched } from './outbox.js';
import { dissolvePair, pairWaitingSession } from './pairing.js';
import { LIVE, LONGEST_SESSION_MS, SESSION_COLUMNS, SESSION_FROM, toSession, type Session } from './session-rows.js';

// Statements of every request are built once: a string made per call is hashed again to find its prepared statement.
const SESSION_OF_USER = `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ? AND s.user_id = ?`;

export async function sessionForUser(tx: Pick<WriteTx, 'get'>, userId: string, id: string, now: Date): Promise<Session | undefined> {
  const row = await tx.get(SESSION_OF_USER, [id, userId]);
  return row && toSession(row, now);
}

export async function getSession(db: Database, userId: string, id: string, now: Date): Promise<Session> {
  const session = await sessionForUser(db, userId, id, now);
  if (!session) throw notFound(`Session ${id}`);
  return session;
}

const NEXT_SESSION = `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM}
  WHERE s.user_id = ? AND s.status IN ${LIVE} AND s.start_at > ? AND s.end_at > ?
  ORDER BY s.start_at LIMIT 1`;

/** The earliest live session whose end is still ahead, or undefined. */
export async function nextSession(db: Database, userId: string, now: Date): Promise<Session | undefined> {
  const at = now.getTime();
  const row = await db.get(NEXT_SESSION, [userId, at - LONGEST_SESSION_MS, at]);
  return row && toSession(row, now);
}

export interface SessionQuery {
  from: Date;
  to: Date | null;
  statuses: Session['status'][];
  limit: number;
  after: { startMs: number; id: string } | null;
}

/** One page of a person's sessions that end after `from` and start before `to`, by start then id. */
export async function listSessions(db: Database, userId: string, query: SessionQuery, now: Date): Promise<{ sessions: Session[]; more: boolean }> {
  const args: (string | number)[] = [userId, query.from.getTime() - LONGEST_SESSION_MS, query.from.getTime()];
  let where = `s.user_id = ? AND s.start_at > ? AND s.end_at > ? AND s.status IN (${query.statuses.map(() => '?').join(', ')})`;
  args.push(...query.statuses);
  if (query.to) {
    where += ' AND s.start_at < ?';
    args.push(query.to.getTime());
  }
  if (query.after) {
    where += ' AND (s.start_at > ? OR (s.start_at = ? AND s.id > ?))';
    args.push(query.after.startMs, query.after.startMs, query.after.id);
  }
  const rows = await db.all(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE ${where} ORDER BY s.start_at, s.id LIMIT ?`, [...args, query.limit + 1]);
  return { sessions: rows.slice(0, query.limit).map((row) => toSession(row, now)), more: rows.length > query.limit };
}

export async function updateTask(db: Database, userId: string, id: string, task: string | null, now: Date): Promise<Session> {
  return db.write(async (tx) => {
    const session = await sessionForUser(tx, userId, id, now);
    if (!session) throw notFound(`Session ${id}`);
    if (session.status === 'cancelled') throw conflict('session-cancelled', 'Session cancelled', `Session ${id} is cancelled; its task can no longer change.`);
    assertTaskEditable(new Date(session.end), now);
    await tx.run('UPDATE sessions SET task = ? WHERE id = ?', [task, id]);
    return (await sessionForUser(tx, userId, id, now))!;
  });
}

/**
 * Cancels before the start. A matched partner goes back to waiting and is at once re-paired
 * with the oldest compatible waiting booking, if there is one. Cancelling twice is harmless.
 */
export async function cancelSession(db: Database, userId: string, id: string, now: Date): Promise<Session> {
  return db.write((tx) => cancelInTransaction(tx, userId, id, now));
}

/** THE cancel rule inside a write transaction the caller holds; routines cancel through here too. */
export async function cancelInTransaction(tx: WriteTx, userId: string, id: string, now: Date): Promise<Session> {
  const session = await sessionForUser(tx, userId, id, now);
  if (!session) throw notFound(`Session ${id}`);
  if (session.status === 'cancelled') return session;
  const start = new Date(session.start);
  assertCancellable(start, now);
  const late = session.status === 'matched' && isLateCancel(start, now);
  const pairId = (await tx.get('SELECT pair_id FROM sessions WHERE id = ?', [id]))!.pair_id;
  await tx.run(`UPDATE sessions SET status = 'cancelled', cancelled_at = ?, late_cancel = ?, pair_id = NULL WHERE id = ?`, [now.getTime(), late ? 1 : 0, id]);
  await emitCancelled(tx, id, now);
  if (pairId != null) await releasePartner(tx, String(pairId), now);
  return (await sessionForUser(tx, userId, id, now))!;
}

/** The cancelled session has left the pair already, so dissolving it leaves only the partner to re-pair. */
async function releasePartner(tx: WriteTx, pairId: string, now: Date): Promise<void> {
  for (const partner of await dissolvePair(tx, pairId, now)) {
    await emitUnmatched(tx, partner.id, 'partner-cancelled', now);
    await pairWaitingSession(tx, partner.id, now);
  }
}
