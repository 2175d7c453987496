import { conflict, notAPartner, notFound } from '../problems.js';
import { attendanceOf, attendanceScore } from '../domain/attendance.js';
import { assertUnderLowScoreLimit, assertUnderUpcomingLimit, lowScoreLimitCanApply, type UpcomingBookings } from '../domain/booking-limits.js';
import type { Activity, MatchWith } from '../domain/compatibility.js';
import { lastScoredSessions } from './attendance-score.js';
import { assertCancellable, assertTaskEditable, endOf, isLateCancel } from '../domain/session-rules.js';
import { newId } from '../secrets.js';
import type { Database, WriteTx } from './database.js';
import { replayOrRefuse, saveIdempotentResult, type IdempotencyClaim } from './idempotency.js';
import { emitCancelled, emitUnmatched } from './outbox.js';
import { dissolvePair, pairNewSession, pairWaitingSession } from './pairing.js';
import { SESSION_COLUMNS, SESSION_FROM, toSession, type Session } from './session-rows.js';

const LONGEST_SESSION_MS = 75 * 60_000;
const LIVE = `('waiting', 'matched')`;

export interface Booking {
  userId: string;
  start: Date;
  duration: number;
  task: string | null;
  /** Null: the person's default, read in the booking's transaction. */
  activity: Activity | null;
  quiet: boolean | null;
  /** Book with this past partner only; null for anyone compatible. */
  partnerId: string | null;
  /** The routine booking it (SPEC §9); absent for a booking a person made. */
  routineId?: string | null;
}

/**
 * What a booking's rules and its answer need to know about the person, in one statement: their
 * settings, and one pass over their live sessions ahead (the `(user_id, start_at)` range both
 * limits read) counting them and finding the start of the first that overlaps the booking.
 * Without GROUP BY the aggregate is one row even with no session; every joined row carries the
 * same `u`, so its bare columns are that person's (null when there is no such person).
 */
const BOOKING_CONTEXT = `
  SELECT u.id, u.activity, u.quiet, u.match_with,
    COUNT(CASE WHEN s.start_at > :upcomingFrom AND s.end_at > :now THEN 1 END) AS count,
    MIN(CASE WHEN s.start_at > :upcomingFrom AND s.end_at > :now THEN s.end_at END) AS soonest_end,
    MIN(CASE WHEN s.start_at > :clashFrom AND s.start_at < :end AND s.end_at > :start THEN s.start_at END) AS clash_start
  FROM users u
  LEFT JOIN sessions s ON s.user_id = u.id AND s.status IN ${LIVE} AND s.start_at > MIN(:upcomingFrom, :clashFrom)
  WHERE u.id = :user`;

interface BookingContext {
  activity: Activity;
  quiet: boolean;
  matchWith: MatchWith;
  upcoming: UpcomingBookings;
  overlaps: boolean;
}

async function bookingContext(tx: WriteTx, booking: Booking, endMs: number, now: Date): Promise<BookingContext> {
  const at = now.getTime();
  const startMs = booking.start.getTime();
  const row = await tx.get(BOOKING_CONTEXT, {
    user: booking.userId, now: at, upcomingFrom: at - LONGEST_SESSION_MS, clashFrom: startMs - LONGEST_SESSION_MS, start: startMs, end: endMs,
  });
  if (row?.id == null) throw new Error(`No user ${booking.userId} to book for`);
  return {
    activity: row.activity as Activity,
    quiet: Number(row.quiet) === 1,
    matchWith: row.match_with as MatchWith,
    upcoming: { count: Number(row.count), soonestEnd: row.soonest_end == null ? null : new Date(Number(row.soonest_end)) },
    overlaps: row.clash_start != null,
  };
}

// Statements of every request are built once: a string made per call is hashed again to find its prepared statement.
const SESSION_OF_USER = `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ? AND s.user_id = ?`;

export async function sessionForUser(tx: Pick<WriteTx, 'get'>, userId: string, id: string, now: Date): Promise<Session | undefined> {
  const row = await tx.get(SESSION_OF_USER, [id, userId]);
  return row && toSession(row, now);
}

async function assertNoOverlap(tx: WriteTx, booking: Booking, endMs: number): Promise<void> {
  const startMs = booking.start.getTime();
  // The lower bound on start_at keeps the scan on the (user_id, start_at) index.
  const clash = await tx.get(
    `SELECT id, start_at, end_at FROM sessions
     WHERE user_id = ? AND status IN ${LIVE} AND start_at > ? AND start_at < ? AND end_at > ?
     ORDER BY start_at LIMIT 1`,
    [booking.userId, startMs - LONGEST_SESSION_MS, endMs, startMs],
  );
  if (!clash) return;
  const clashStart = new Date(Number(clash.start_at)).toISOString();
  const clashEnd = new Date(Number(clash.end_at)).toISOString();
  throw conflict('session-overlap', 'Overlapping session',
    `This booking overlaps your session ${String(clash.id)} (${clashStart} to ${clashEnd}); cancel that one first or pick another time.`,
    { conflictingSession: { id: String(clash.id), start: clashStart, end: clashEnd } });
}

/** The requested partner as the answer shows them; refuses anyone who was never a partner. */
async function pastPartner(tx: WriteTx, userId: string, partnerId: string): Promise<{ id: string; name: string } | null> {
  const known = await tx.get(
    'SELECT u.id, u.name FROM partners p LEFT JOIN users u ON u.id = p.partner_id WHERE p.user_id = ? AND p.partner_id = ?',
    [userId, partnerId],
  );
  if (!known) throw notAPartner(partnerId, 'a booking can name only a past partner');
  return known.id == null ? null : { id: String(known.id), name: String(known.name) };
}

/** Books a session and pairs it if someone compatible waits, all in one write transaction. */
export async function bookSession(
  db: Database, booking: Booking, now: Date, limits: { maxUpcoming: number }, idempotency?: IdempotencyClaim,
): Promise<{ session: Session; replayed: boolean }> {
  return db.write(async (tx) => {
    if (idempotency) {
      const replay = await replayOrRefuse(tx, booking.userId, idempotency);
      if (replay) return { session: replay as Session, replayed: true };
    }
    const session = await bookInTransaction(tx, booking, now, limits);
    if (idempotency) await saveIdempotentResult(tx, booking.userId, idempotency, session, now);
    return { session, replayed: false };
  });
}

/**
 * THE booking rule, inside a write transaction the caller holds: refuses an overlap or a full
 * limit before writing anything (so a caller may catch the refusal and carry on), then inserts
 * the session and pairs it. Routines book through here too.
 */
export async function bookInTransaction(tx: WriteTx, booking: Booking, now: Date, limits: { maxUpcoming: number }): Promise<Session> {
  const endMs = endOf(booking.start, booking.duration).getTime();
  const context = await bookingContext(tx, booking, endMs, now);
  if (context.overlaps) await assertNoOverlap(tx, booking, endMs);
  const { upcoming } = context;
  assertUnderUpcomingLimit(upcoming, limits.maxUpcoming);
  // Reading the score costs a query over the person's history: only when the limit could refuse.
  if (lowScoreLimitCanApply(upcoming)) assertUnderLowScoreLimit(upcoming, attendanceScore(await lastScoredSessions(tx, booking.userId, now)));
  const requestedPartner = booking.partnerId === null ? null : await pastPartner(tx, booking.userId, booking.partnerId);
  const id = newId();
  const startMs = booking.start.getTime();
  const activity = booking.activity ?? context.activity;
  const quiet = booking.quiet ?? context.quiet;
  const seeker = { sessionId: id, userId: booking.userId, startMs, duration: booking.duration, activity, quiet, wants: booking.partnerId, matchWith: context.matchWith };
  const insert = (pairId: string | null) => tx.run(
    `INSERT INTO sessions (id, user_id, start_at, end_at, duration, status, pair_id, version, task, created_at, activity, quiet, requested_partner_id, routine_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    // Inserted already matched, it carries the version a waiting session has after being paired (the version trigger's one change).
    [id, booking.userId, startMs, endMs, booking.duration, pairId === null ? 'waiting' : 'matched', pairId, pairId === null ? 0 : 1,
      booking.task, now.getTime(), activity, quiet ? 1 : 0, booking.partnerId, booking.routineId ?? null],
  ).then(() => undefined);
  const partner = await pairNewSession(tx, seeker, insert, now);
  // The answer from the values just written, field for field what `toSession` reads back.
  return {
    id,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    duration: booking.duration,
    status: partner ? 'matched' : 'waiting',
    partner: partner && { id: partner.userId, name: partner.name },
    task: booking.task ?? null,
    partnerTask: partner ? partner.task : null,
    activity,
    quiet,
    requestedPartner,
    routineId: booking.routineId ?? null,
    createdAt: now.toISOString(),
    // A pair made now counts at the start when now is not after it (SESSION_FROM); nobody joined a new pair yet.
    attendance: attendanceOf(booking.start, { matchedAtStart: partner !== null && now.getTime() <= startMs, firstJoin: null, partnerJoined: false }, now),
  };
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
