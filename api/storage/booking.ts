import { conflict, notAPartner, notMetYet } from '../http/problems.js';
import { attendanceScore } from '../domain/attendance.js';
import { assertUnderLowScoreLimit, assertUnderUpcomingLimit, lowScoreLimitCanApply, type UpcomingBookings } from '../domain/booking-limits.js';
import type { Activity, MatchWith } from '../domain/compatibility.js';
import { endOf } from '../domain/session-rules.js';
import { newTimeOrderedId } from '../accounts/secrets.js';
import { lastScoredSessions } from './attendance-score.js';
import type { Database, WriteTx } from './engine/database.js';
import { replayOrRefuse, saveIdempotentResult, type IdempotencyClaim } from './idempotency.js';
import { BUSY_IN_SPAN, busyEventOver, busyProblem } from './busy-intervals.js';
import { languagesColumn } from './languages-column.js';
import { emitMatched, emitMatchedSessions } from './outbox.js';
import { pairNewSession, type NewPartner } from './pairing.js';
import { LIVE, LONGEST_SESSION_MS, toSession, type Session } from './session-rows.js';

export interface Booking {
  userId: string;
  start: Date;
  duration: number;
  task: string | null;
  /** Null: the person's default, read in the booking's transaction. */
  activity: Activity | null;
  quiet: boolean | null;
  /** ISO 639-1 codes, normalized (domain/languages.ts); null: the person's default. */
  languages?: string[] | null;
  /** Book with this past partner only; null for anyone compatible. */
  partnerId: string | null;
  /** Book even over a busy interval of the person's busy calendar (SPEC §15). */
  ignoreBusy?: boolean;
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
// Numbered rather than named parameters: binding by name cost a fifth of the statement's time, and
// each bound value costs the driver ~0.5 µs, so the bounds derived from them are computed here.
// ?1 the person, ?2 now, ?3 the booking's start, ?4 its end; a session that started
// LONGEST_SESSION_MS before a moment has ended by then, which bounds each range on start_at.
const BOOKING_CONTEXT = `
  SELECT u.id, u.name, u.activity, u.quiet, u.languages, u.match_with,
    COUNT(CASE WHEN s.start_at > ?2 - ${LONGEST_SESSION_MS} AND s.end_at > ?2 THEN 1 END) AS count,
    MIN(CASE WHEN s.start_at > ?2 - ${LONGEST_SESSION_MS} AND s.end_at > ?2 THEN s.end_at END) AS soonest_end,
    MIN(CASE WHEN s.start_at > ?3 - ${LONGEST_SESSION_MS} AND s.start_at < ?4 AND s.end_at > ?3 THEN s.start_at END) AS clash_start,
    ${BUSY_IN_SPAN} AS busy
  FROM users u
  LEFT JOIN sessions s ON s.user_id = u.id AND s.status IN ${LIVE} AND s.start_at > MIN(?2, ?3) - ${LONGEST_SESSION_MS}
  WHERE u.id = ?1`;

interface BookingContext {
  /** The person's name, as their partner's session shows them. */
  name: string;
  activity: Activity;
  quiet: boolean;
  /** As stored (languages-column.ts). */
  languages: string;
  matchWith: MatchWith;
  upcoming: UpcomingBookings;
  overlaps: boolean;
  /** Over a busy interval of the person's busy calendar. */
  busy: boolean;
}

async function bookingContext(tx: WriteTx, booking: Booking, endMs: number, now: Date): Promise<BookingContext> {
  const at = now.getTime();
  const startMs = booking.start.getTime();
  const row = await tx.get(BOOKING_CONTEXT, [booking.userId, at, startMs, endMs]);
  if (row?.id == null) throw new Error(`No user ${booking.userId} to book for`);
  return {
    name: String(row.name),
    activity: row.activity as Activity,
    quiet: Number(row.quiet) === 1,
    languages: String(row.languages),
    matchWith: row.match_with as MatchWith,
    upcoming: { count: Number(row.count), soonestEnd: row.soonest_end == null ? null : new Date(Number(row.soonest_end)) },
    overlaps: row.clash_start != null,
    busy: Number(row.busy) === 1,
  };
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

/**
 * Whether the two were paired for a start that has come (SPEC §11: `partnerId` names a past
 * partner, not someone met only in sessions ahead). The partners row holds their latest shared
 * start: one probe when it has come; else their earlier pairs are read, which keep their sessions
 * when dissolved. Only a booking that names a partner asks.
 */
async function pairedBefore(tx: WriteTx, userId: string, partnerId: string, latestStartMs: number, now: Date): Promise<boolean> {
  if (latestStartMs <= now.getTime()) return true;
  const earlier = await tx.get(
    `SELECT 1 FROM sessions mine
     JOIN pairs p ON mine.id IN (p.session_a, p.session_b)
     JOIN sessions theirs ON theirs.id IN (p.session_a, p.session_b) AND theirs.id <> mine.id
     WHERE mine.user_id = ? AND mine.start_at <= ? AND theirs.user_id = ?
     LIMIT 1`,
    [userId, now.getTime(), partnerId],
  );
  return earlier !== undefined;
}

/**
 * The requested partner as the answer shows them; refuses anyone never paired with the caller for
 * a start that has come, and one who can no longer be paired with them (deleted, suspended, or a
 * block either way), whose booking would otherwise wait for them forever. The refusal does not say
 * which, so a block stays private.
 */
async function pastPartner(tx: WriteTx, userId: string, partnerId: string, now: Date): Promise<{ id: string; name: string }> {
  const known = await tx.get(
    `SELECT u.id, u.name, p.start_at, u.deleted_at IS NOT NULL OR u.suspended_at IS NOT NULL
       OR EXISTS (SELECT 1 FROM blocks WHERE user_id = p.user_id AND blocked_id = p.partner_id)
       OR EXISTS (SELECT 1 FROM blocks WHERE user_id = p.partner_id AND blocked_id = p.user_id) AS unavailable
     FROM partners p JOIN users u ON u.id = p.partner_id WHERE p.user_id = ? AND p.partner_id = ?`,
    [userId, partnerId],
  );
  if (!known) throw notAPartner(partnerId, 'a booking can name only a past partner');
  if (!(await pairedBefore(tx, userId, partnerId, Number(known.start_at), now))) throw notMetYet(String(known.name));
  if (Number(known.unavailable) === 1) {
    throw conflict('partner-unavailable', 'Partner unavailable',
      `${partnerId} can no longer be booked with (the account is gone or suspended, or one of you blocked the other); book without partnerId to be paired with someone else.`);
  }
  return { id: String(known.id), name: String(known.name) };
}

// ?6 the pair's id, or null to insert it waiting. Inserted already matched, it carries the version a
// waiting session has after being paired (the version trigger's one change). Status and version
// follow from ?6 in SQL: each bound value costs the driver ~0.5 µs.
const INSERT_SESSION = `
  INSERT INTO sessions (id, user_id, start_at, end_at, duration, status, pair_id, version, task, created_at, activity, quiet, requested_partner_id, routine_id, languages)
  VALUES (?1, ?2, ?3, ?4, ?5, iif(?6 IS NULL, 'waiting', 'matched'), ?6, ?6 IS NOT NULL, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`;

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
 * THE booking rule, inside a write transaction the caller holds: refuses an overlap, a busy
 * interval of the person's busy calendar (unless `ignoreBusy`) or a full limit before writing anything (so a caller may catch the refusal and carry on), then inserts
 * the session and pairs it. Routines book through here too.
 */
export async function bookInTransaction(tx: WriteTx, booking: Booking, now: Date, limits: { maxUpcoming: number }): Promise<Session> {
  const endMs = endOf(booking.start, booking.duration).getTime();
  const context = await bookingContext(tx, booking, endMs, now);
  if (context.overlaps) await assertNoOverlap(tx, booking, endMs);
  if (context.busy && !booking.ignoreBusy) {
    const event = await busyEventOver(tx, booking.userId, booking.start.getTime(), endMs);
    if (event) throw busyProblem(event);
  }
  const { upcoming } = context;
  assertUnderUpcomingLimit(upcoming, limits.maxUpcoming);
  // Reading the score costs a query over the person's history: only when the limit could refuse.
  if (lowScoreLimitCanApply(upcoming)) assertUnderLowScoreLimit(upcoming, attendanceScore(await lastScoredSessions(tx, booking.userId, now)));
  const requestedPartner = booking.partnerId === null ? null : await pastPartner(tx, booking.userId, booking.partnerId, now);
  const id = newTimeOrderedId();
  const startMs = booking.start.getTime();
  const activity = booking.activity ?? context.activity;
  const quiet = booking.quiet ?? context.quiet;
  const languages = booking.languages == null ? context.languages : languagesColumn(booking.languages);
  const seeker = { sessionId: id, userId: booking.userId, startMs, duration: booking.duration, activity, quiet, languages, wants: booking.partnerId, matchWith: context.matchWith };
  const insert = (pairId: string | null) => tx.run(INSERT_SESSION,
    [id, booking.userId, startMs, endMs, booking.duration, pairId, booking.task, now.getTime(), activity, quiet ? 1 : 0, booking.partnerId, booking.routineId ?? null, languages],
  ).then(() => undefined);
  const partner = await pairNewSession(tx, seeker, insert, now);
  // A pair made now counts at the start when now is not after it (SESSION_FROM), and nobody joined it yet.
  const startPairId = partner !== null && now.getTime() <= startMs ? partner.pairId : null;
  // The answer from the values just written, read by the same `toSession` a GET uses.
  const session = toSession({
    id, start_at: startMs, end_at: endMs, duration: booking.duration, status: partner ? 'matched' : 'waiting',
    partner_id: partner?.userId, partner_name: partner?.name, task: booking.task, partner_task: partner?.task,
    activity, quiet: quiet ? 1 : 0, languages, requested_id: requestedPartner?.id, requested_name: requestedPartner?.name,
    routine_id: booking.routineId, created_at: now.getTime(),
    start_pair_id: startPairId, first_join_at: null, partner_first_join_at: null,
  }, now);
  if (partner) await tellThePair(tx, { userId: booking.userId, name: context.name, task: booking.task, session }, partner, startPairId, now);
  return session;
}

/**
 * The pair's `session.matched`, the same events `emitMatched` writes from the session view. Before
 * the start, what the view would read is in hand: the partner's session as the partner search
 * found it, with this booking's person as partner (and as requested partner, the only one
 * COMPATIBLE lets it name), in a pair made now that nobody joined. From the start on, the
 * partner's session may have been in another pair at its start, whose attendance the view reads:
 * then it is read.
 */
async function tellThePair(
  tx: WriteTx, me: { userId: string; name: string; task: string | null; session: Session }, partner: NewPartner, startPairId: string | null, now: Date,
): Promise<void> {
  const theirs = { id: partner.sessionId, userId: partner.userId };
  if (startPairId === null) return emitMatched(tx, { theirs, mine: { id: me.session.id, userId: me.userId } }, now, partner.anyWebhook);
  const found = partner.session;
  const theirSession = toSession({
    id: partner.sessionId, start_at: found.start_at, end_at: found.end_at, duration: found.duration, status: 'matched',
    partner_id: me.userId, partner_name: me.name, task: found.task, partner_task: me.task,
    activity: found.activity, quiet: found.quiet, languages: found.languages,
    requested_id: found.requested_partner_id, requested_name: found.requested_partner_id == null ? null : me.name,
    routine_id: found.routine_id, created_at: found.created_at,
    start_pair_id: startPairId, first_join_at: null, partner_first_join_at: null,
  }, now);
  await emitMatchedSessions(tx, { theirs: { userId: partner.userId, session: theirSession }, mine: { userId: me.userId, session: me.session } }, now, partner.anyWebhook);
}
