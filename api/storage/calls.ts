import type { Database, WriteTx } from './engine/database.js';
import { loadOrCreateServerSecret } from './server-secrets.js';
import { SESSION_COLUMNS, SESSION_FROM, toSession, type Session } from './session-rows.js';

/** What the call page shows one member of a session: the session, their own name, and the pair's room. */
export interface CallMember {
  session: Session;
  name: string;
  /** The live pair's Jitsi room; null while waiting, after a cancel, or once the pair is dissolved. */
  room: string | null;
}

export type AttendanceEvent = 'joined' | 'left';

export interface AttendanceRecord {
  userId: string;
  event: AttendanceEvent;
  at: Date;
}

/** The session `sessionId` as seen by `userId`, only if it is theirs: the room never reaches anyone else. */
export async function findCallMember(db: Database, sessionId: string, userId: string, now: Date): Promise<CallMember | undefined> {
  const row = await db.get(
    `SELECT ${SESSION_COLUMNS}, me.name AS my_name, p.room
     FROM ${SESSION_FROM}
     JOIN users me ON me.id = s.user_id
     LEFT JOIN pairs p ON p.id = s.pair_id AND p.dissolved_at IS NULL
     WHERE s.id = ? AND s.user_id = ?`,
    [sessionId, userId],
  );
  if (!row) return undefined;
  const session = toSession(row, now);
  return { session, name: String(row.my_name), room: session.status === 'matched' && row.room != null ? String(row.room) : null };
}

/** A page that flaps between joined and left is still recorded at most this often per session. */
export const MAX_ATTENDANCE_EVENTS = 50;

/**
 * Records a join or leave, with the pair the session is in now (a rematch changes the pair, not the
 * session), only when it changes the person's state in that pair, and at most
 * MAX_ATTENDANCE_EVENTS per session: a page repeating itself, or a credential replayed in a loop,
 * cannot grow the table. Answers whether anything was written.
 */
export async function recordAttendance(db: Database, sessionId: string, userId: string, event: AttendanceEvent, at: Date): Promise<boolean> {
  return db.write((tx) => recordAttendanceIn(tx, sessionId, userId, event, at));
}

export async function recordAttendanceIn(tx: WriteTx, sessionId: string, userId: string, event: AttendanceEvent, at: Date): Promise<boolean> {
  const seen = await tx.get(
    `SELECT COUNT(*) AS events,
       (SELECT pair_id FROM sessions WHERE id = ?1) AS pair_id,
       (SELECT a.event FROM attendance a WHERE a.session_id = ?1 AND a.user_id = ?2
          AND a.pair_id IS (SELECT pair_id FROM sessions WHERE id = ?1) ORDER BY a.at DESC, a.id DESC LIMIT 1) AS last
     FROM attendance WHERE session_id = ?1 AND user_id = ?2`,
    [sessionId, userId],
  );
  const last = seen?.last ?? 'left';
  if (last === event || Number(seen?.events ?? 0) >= MAX_ATTENDANCE_EVENTS) return false;
  await tx.run('INSERT INTO attendance (session_id, user_id, event, at, pair_id) VALUES (?, ?, ?, ?, ?)', [
    sessionId, userId, event, at.getTime(), seen?.pair_id == null ? null : String(seen.pair_id),
  ]);
  return true;
}

/** Every join and leave of a session, oldest first: the raw material of later no-show rules. */
export async function listAttendance(db: Database, sessionId: string): Promise<AttendanceRecord[]> {
  const rows = await db.all('SELECT user_id, event, at FROM attendance WHERE session_id = ? ORDER BY at, id', [sessionId]);
  return rows.map((row) => ({ userId: String(row.user_id), event: row.event as AttendanceEvent, at: new Date(Number(row.at)) }));
}

const CALL_SECRET = 'call-credential';

/** The secret that signs call links, created once; the first of several racing processes wins and all read it. */
export function loadOrCreateCallSecret(db: Database): Promise<string> {
  return loadOrCreateServerSecret(db, CALL_SECRET);
}
