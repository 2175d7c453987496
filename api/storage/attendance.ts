import { isPageOpen, PAGE_OPEN_FOR_MS, rematchOpensAt } from '../domain/attendance.js';
import type { CompletedSession } from '../domain/stats.js';
import { conflict, notFound } from '../http/problems.js';
import { recordAttendanceIn } from './calls.js';
import type { Database, WriteTx } from './engine/database.js';
import { partnerHasCome, rematchWithPresent } from './pairing.js';
import { SESSION_COLUMNS, SESSION_FROM, START_PAIR, toSession, type Session } from './session-rows.js';
import { sessionForUser } from './sessions.js';

/**
 * Check-ins, rematches and the records the score and the stats are made of (SPEC §8).
 * The call page checks in every 20 s; `countsAsJoined` is for public meet.jit.si mode, where the
 * embedded call may never start, so an open page of a matched session counts as having joined.
 */
export async function checkIn(db: Database, sessionId: string, userId: string, now: Date, countsAsJoined: boolean): Promise<void> {
  await db.write(async (tx) => {
    await tx.run('INSERT INTO check_ins (session_id, at) VALUES (?, ?) ON CONFLICT (session_id) DO UPDATE SET at = excluded.at', [sessionId, now.getTime()]);
    if (countsAsJoined) {
      const matched = await tx.get(`SELECT 1 FROM sessions WHERE id = ? AND status = 'matched'`, [sessionId]);
      if (matched) await recordAttendanceIn(tx, sessionId, userId, 'joined', now);
    }
  });
}

/**
 * A check-in matters only while its page may count as open: call links work from 10 minutes before
 * the start to 15 minutes after the end, so a check-in a day old belongs to a session long over.
 */
export const CHECK_IN_RETENTION_MS = 24 * 60 * 60_000;

export async function deleteOldCheckIns(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run('DELETE FROM check_ins WHERE session_id IN (SELECT session_id FROM check_ins WHERE at < ? LIMIT ?)', [now.getTime() - CHECK_IN_RETENTION_MS, limit]);
}

async function lastCheckIn(tx: Pick<WriteTx, 'get'>, sessionId: string): Promise<Date | null> {
  const row = await tx.get('SELECT at FROM check_ins WHERE session_id = ?', [sessionId]);
  return row ? new Date(Number(row.at)) : null;
}

export interface RematchResult {
  rematched: boolean;
  session: Session;
}

/**
 * Re-pairs a present person whose partner did not come, all in one write transaction (the rule is
 * `rematchWithPresent` in pairing.ts). Refuses (409) what the person can act on: too early, over,
 * cancelled, their own page closed, their partner there after all.
 */
export async function rematch(db: Database, userId: string, sessionId: string, now: Date): Promise<RematchResult> {
  return db.write(async (tx) => {
    const session = await sessionForUser(tx, userId, sessionId, now);
    if (!session) throw notFound(`Session ${sessionId}`);
    if (session.status === 'cancelled') throw conflict('session-cancelled', 'Session cancelled', `Session ${sessionId} is cancelled; there is nobody to replace.`);
    const start = new Date(session.start);
    const opensAt = rematchOpensAt(start);
    if (now < opensAt) {
      throw conflict('rematch-not-yet', 'Too early for a rematch', `Your partner has until ${opensAt.toISOString()} (5 minutes after the start) to join; ask again from then.`, { opensAt: opensAt.toISOString() });
    }
    if (now.getTime() >= Date.parse(session.end)) {
      throw conflict('session-over', 'Session is over', `This session ended at ${session.end}.`, { endedAt: session.end });
    }
    if (!isPageOpen(await lastCheckIn(tx, sessionId), now)) {
      throw conflict('call-page-closed', 'Your call page is not open', 'A rematch is for someone who is there: open the call page (cowork join) and it asks by itself.');
    }
    const row = (await tx.get('SELECT pair_id FROM sessions WHERE id = ?', [sessionId]))!;
    const seeker = {
      id: sessionId, userId, startMs: start.getTime(), duration: session.duration,
      pairId: row.pair_id == null ? null : String(row.pair_id),
    };
    const openSince = now.getTime() - PAGE_OPEN_FOR_MS;
    if (await partnerHasCome(tx, seeker, openSince)) {
      throw conflict('partner-came', 'Your partner is there', `${session.partner?.name ?? 'Your partner'} has joined or has the call page open; there is nobody to replace.`);
    }
    const partner = await rematchWithPresent(tx, seeker, openSince, now);
    return { rematched: partner !== null, session: (await sessionForUser(tx, userId, sessionId, now))! };
  });
}

export interface AttendanceHistory {
  /** Ended sessions in which the person and a partner both joined the same pair. */
  completed: CompletedSession[];
  noShows: number;
  lateCancels: number;
}

export async function attendanceHistory(db: Database, userId: string, now: Date): Promise<AttendanceHistory> {
  const completed = await db.all(
    `SELECT s.start_at, s.duration FROM sessions s
     WHERE s.user_id = ? AND s.end_at <= ? AND s.status = 'matched' AND EXISTS (
       SELECT 1 FROM attendance a JOIN attendance b ON b.pair_id = a.pair_id AND b.session_id <> a.session_id AND b.event = 'joined'
       WHERE a.session_id = s.id AND a.event = 'joined' AND a.pair_id IS NOT NULL)
     ORDER BY s.start_at`,
    [userId, now.getTime()],
  );
  const judged = await db.all(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.user_id = ? AND s.end_at <= ? AND ${START_PAIR} IS NOT NULL`, [userId, now.getTime()]);
  const lateCancels = await db.get('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND late_cancel = 1', [userId]);
  return {
    completed: completed.map((row) => ({ start: new Date(Number(row.start_at)), duration: Number(row.duration) })),
    noShows: judged.filter((row) => toSession(row, now).attendance === 'no-show').length,
    lateCancels: Number(lateCancels?.n ?? 0),
  };
}
