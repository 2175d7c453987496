import type { Activity, MatchWith } from '../domain/compatibility.js';
import { MAX_LANGUAGES } from '../domain/languages.js';
import { newRoomName, newTimeOrderedId } from '../accounts/secrets.js';
import type { Row, WriteTx } from './engine/database.js';
import { emitMatched, emitUnmatched } from './outbox.js';
import { languageCodeAt } from './languages-column.js';
import { LONGEST_SESSION_MS } from './session-rows.js';

/**
 * Whether `c` names one of the seeker's languages: each of the seeker's at most five codes, found
 * at its fixed place in the stored text, is looked for in the candidate's. Plain string functions
 * on two short values, so the clause reads no table (json_each would be a scan per candidate).
 */
const SHARES_A_LANGUAGE = `(${Array.from({ length: MAX_LANGUAGES }, (_, k) => languageCodeAt('me.languages', k))
  .map((code) => `(${code.present} AND instr(c.languages, ${code.quoted}) > 0)`).join(' OR ')})`;

/**
 * The compatibility rule of `domain/compatibility.ts` in SQL, clause by clause, between the
 * seeker `me` (user_id, activity, quiet, languages, wants, match_with) and a candidate session `c` whose
 * owner is `cu`. Every clause is an equality test or a primary-key probe, so its cost does not
 * grow with the number of stored sessions; languages are compared as text (SHARES_A_LANGUAGE).
 */
export const COMPATIBLE = `
  c.user_id <> me.user_id
  AND NOT EXISTS (SELECT 1 FROM blocks WHERE user_id = me.user_id AND blocked_id = c.user_id)
  AND NOT EXISTS (SELECT 1 FROM blocks WHERE user_id = c.user_id AND blocked_id = me.user_id)
  AND NOT EXISTS (SELECT 1 FROM declines WHERE user_id = me.user_id AND declined_id = c.user_id AND start_at = c.start_at AND duration = c.duration)
  AND NOT EXISTS (SELECT 1 FROM declines WHERE user_id = c.user_id AND declined_id = me.user_id AND start_at = c.start_at AND duration = c.duration)
  AND (c.activity = me.activity OR c.activity = 'anything' OR me.activity = 'anything')
  AND c.quiet = me.quiet
  AND (me.languages = '[]' OR c.languages = '[]' OR ${SHARES_A_LANGUAGE})
  AND (me.match_with = 'anyone' OR EXISTS (SELECT 1 FROM favorites WHERE user_id = me.user_id AND favorite_id = c.user_id))
  AND (cu.match_with = 'anyone' OR EXISTS (SELECT 1 FROM favorites WHERE user_id = c.user_id AND favorite_id = me.user_id))
  AND (me.wants IS NULL OR c.user_id = me.wants)
  AND (c.requested_partner_id IS NULL OR c.requested_partner_id = me.user_id)`;

/** Whether `c` belongs to one of the seeker's favourites: the first key of the pairing order. */
export const IS_FAVORITE = `EXISTS (SELECT 1 FROM favorites WHERE user_id = me.user_id AND favorite_id = c.user_id)`;

/**
 * The oldest compatible waiting session (favourites first) for the seeker `me`, one row whose
 * columns COMPATIBLE reads (user_id, start_at, duration, activity, quiet, languages, wants, match_with),
 * found through the slot's partial index. Answers the partner's name and task too, which the new
 * booking's answer shows, the rest of the partner's session, from which a booking writes the
 * partner's `session.matched` without reading the session view again, and whether either person
 * has a webhook (the pair's webhook rows are written only then): columns here instead of
 * statements of their own per pair.
 */
const partnerFor = (me: string) => `
  WITH me AS (${me})
  SELECT c.id, c.user_id, cu.name, c.task, me.user_id AS my_user_id, c.start_at,
    c.end_at, c.duration, c.created_at, c.activity, c.quiet, c.languages, c.routine_id, c.requested_partner_id,
    EXISTS (SELECT 1 FROM webhooks WHERE user_id IN (me.user_id, c.user_id)) AS any_webhook
  FROM me
  JOIN sessions c INDEXED BY sessions_waiting_by_slot ON c.status = 'waiting' AND c.start_at = me.start_at AND c.duration = me.duration
  JOIN users cu ON cu.id = c.user_id
  WHERE ${COMPATIBLE}
  ORDER BY ${IS_FAVORITE} DESC, c.seq
  LIMIT 1`;

// The seeker is a stored waiting session, read first (one row).
const FIND_PARTNER = partnerFor(`
  SELECT s.user_id, s.start_at, s.duration, s.activity, s.quiet, s.languages, s.requested_partner_id AS wants, u.match_with
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.id = ? AND s.status = 'waiting'`);

// The seeker is a booking not inserted yet: its own values, the same clauses.
const FIND_PARTNER_FOR_BOOKING = partnerFor(`
  SELECT ? AS user_id, ? AS start_at, ? AS duration, ? AS activity, ? AS quiet, ? AS languages, ? AS wants, ? AS match_with`);

/**
 * THE pairing rule (SPEC §7): a waiting session is paired with a compatible waiting session of
 * the same start and duration, preferring the people its owner marked as favourites, then the
 * oldest. Called inside the write transaction that made the session waiting (a booking, a
 * partner's cancel or decline, a block) or that made someone newly compatible (an unblock, a new
 * favourite, a settings change), so a session is never in two pairs and no two compatible
 * sessions are left waiting, whatever the number of requests and processes.
 * Returns the partner's session id, or null when nobody compatible is waiting.
 */
export async function pairWaitingSession(tx: WriteTx, sessionId: string, now: Date): Promise<string | null> {
  const partner = await tx.get(FIND_PARTNER, [sessionId]);
  if (!partner) return null;
  const partnerSessionId = String(partner.id);
  await formPair(tx, { id: sessionId, userId: String(partner.my_user_id) }, { id: partnerSessionId, userId: String(partner.user_id) }, Number(partner.start_at), now, Number(partner.any_webhook) === 1);
  return partnerSessionId;
}

/** A booking as the pairing rule sees it, before its session is inserted. */
export interface NewSeeker {
  sessionId: string;
  userId: string;
  startMs: number;
  duration: number;
  activity: Activity;
  quiet: boolean;
  /** As stored (languages-column.ts). */
  languages: string;
  /** The partner the booking asked for, or null. */
  wants: string | null;
  matchWith: MatchWith;
}

/** The partner a booking was paired with: as its answer shows them, and their session as it was found. */
export interface NewPartner {
  sessionId: string;
  pairId: string;
  userId: string;
  name: string;
  task: string | null;
  /** The partner's session row as the partner search read it (columns of SESSION_COLUMNS' names), before the pair. */
  session: Row;
  /** Whether either person has a webhook. */
  anyWebhook: boolean;
}

/**
 * THE pairing rule for a new booking, with the same clauses and order as `pairWaitingSession`,
 * asked before the session exists so that it is inserted once, already in its pair (`insert` gets
 * the pair's id, or null to insert it waiting): one row written instead of a row inserted waiting
 * and then updated, and its waiting-slot index entry never made. The pair's `session.matched`
 * events are the caller's to write (`emitMatchedSessions`), with both sessions in hand.
 */
export async function pairNewSession(tx: WriteTx, seeker: NewSeeker, insert: (pairId: string | null) => Promise<void>, now: Date): Promise<NewPartner | null> {
  const found = await tx.get(FIND_PARTNER_FOR_BOOKING, [
    seeker.userId, seeker.startMs, seeker.duration, seeker.activity, seeker.quiet ? 1 : 0, seeker.languages, seeker.wants, seeker.matchWith,
  ]);
  if (!found) {
    await insert(null);
    return null;
  }
  const partnerSessionId = String(found.id);
  const pairId = await openPair(tx, seeker.sessionId, partnerSessionId, now);
  const partner = {
    sessionId: partnerSessionId, pairId, userId: String(found.user_id), name: String(found.name), task: found.task == null ? null : String(found.task),
    session: found, anyWebhook: Number(found.any_webhook) === 1,
  };
  await insert(pairId);
  await tx.run(`UPDATE sessions SET status = 'matched', pair_id = ? WHERE id = ?`, [pairId, partner.sessionId]);
  await rememberPartners(tx, { id: seeker.sessionId, userId: seeker.userId }, { id: partner.sessionId, userId: partner.userId }, seeker.startMs);
  return partner;
}

/**
 * Pairs two stored sessions of one slot in a new room, and remembers each as the other's latest
 * partner. `anyWebhook`: whether either person has a webhook, when the caller already read it.
 */
async function formPair(tx: WriteTx, mine: { id: string; userId: string }, theirs: { id: string; userId: string }, startMs: number, now: Date, anyWebhook?: boolean): Promise<void> {
  const pairId = await openPair(tx, mine.id, theirs.id, now);
  await tx.run(`UPDATE sessions SET status = 'matched', pair_id = ? WHERE id IN (?, ?)`, [pairId, theirs.id, mine.id]);
  await completePair(tx, mine, theirs, startMs, now, anyWebhook);
}

/** A new pair of two sessions of one slot, in a new room; answers its id. */
async function openPair(tx: WriteTx, mine: string, theirs: string, now: Date): Promise<string> {
  const pairId = newTimeOrderedId();
  await tx.run('INSERT INTO pairs (id, room, session_a, session_b, created_at) VALUES (?, ?, ?, ?, ?)', [pairId, newRoomName(), theirs, mine, now.getTime()]);
  return pairId;
}

/** Once both sessions are in the pair: each person remembers the other as latest partner, and both are told. */
async function completePair(tx: WriteTx, mine: { id: string; userId: string }, theirs: { id: string; userId: string }, startMs: number, now: Date, anyWebhook?: boolean): Promise<void> {
  await rememberPartners(tx, mine, theirs, startMs);
  await emitMatched(tx, { theirs, mine }, now, anyWebhook);
}

/** Each person of a new pair remembers the other as latest partner. */
async function rememberPartners(tx: WriteTx, mine: { id: string; userId: string }, theirs: { id: string; userId: string }, startMs: number): Promise<void> {
  // ?1 my user, ?2 theirs, ?3 my session, ?4 theirs, ?5 the start: each value bound once.
  await tx.run(
    `INSERT INTO partners (user_id, partner_id, session_id, start_at) VALUES (?1, ?2, ?3, ?5), (?2, ?1, ?4, ?5)
     ON CONFLICT (user_id, partner_id) DO UPDATE SET session_id = excluded.session_id, start_at = excluded.start_at
     WHERE excluded.start_at >= partners.start_at`,
    [mine.userId, theirs.userId, mine.id, theirs.id, startMs],
  );
}

/**
 * Offers each of a person's waiting sessions that has not ended to the pairing rule again, after
 * a change that can only make them compatible with more people (unblock, favourite, settings).
 */
export async function pairWaitingSessionsOf(tx: WriteTx, userId: string, now: Date): Promise<void> {
  // The lower bound on start_at keeps the scan on the (user_id, start_at) index.
  const waiting = await tx.all(
    `SELECT id FROM sessions WHERE user_id = ? AND start_at > ? AND end_at > ? AND status = 'waiting' ORDER BY start_at`,
    [userId, now.getTime() - LONGEST_SESSION_MS, now.getTime()],
  );
  for (const row of waiting) await pairWaitingSession(tx, String(row.id), now);
}

/**
 * Dissolves a live pair without cancelling either session: both go back to waiting, ready to be
 * offered to the pairing rule again (after a decline or a block). Returns the two sessions.
 */
export async function dissolvePair(tx: WriteTx, pairId: string, now: Date): Promise<{ id: string; userId: string }[]> {
  await tx.run('UPDATE pairs SET dissolved_at = ? WHERE id = ? AND dissolved_at IS NULL', [now.getTime(), pairId]);
  const members = await tx.all('SELECT id, user_id FROM sessions WHERE pair_id = ?', [pairId]);
  await tx.run(`UPDATE sessions SET status = 'waiting', pair_id = NULL WHERE pair_id = ?`, [pairId]);
  return members.map((row) => ({ id: String(row.id), userId: String(row.user_id) }));
}

/**
 * Whether the member of pair `pair` other than session `self` came: joined the conference in that
 * pair, or has a call page open now (`?openSince`: checked in after it). Someone who did neither
 * "did not come" (SPEC §8) and may be replaced.
 */
const partnerCame = (self: string, pair: string) => `EXISTS (
  SELECT 1 FROM sessions o WHERE o.pair_id = ${pair} AND o.id <> ${self} AND (
    EXISTS (SELECT 1 FROM attendance a WHERE a.pair_id = ${pair} AND a.session_id = o.id AND a.event = 'joined')
    OR EXISTS (SELECT 1 FROM check_ins k WHERE k.session_id = o.id AND k.at > :openSince)))`;

export interface RematchSeeker {
  id: string;
  userId: string;
  startMs: number;
  duration: number;
  pairId: string | null;
}

/** Whether the seeker's current partner came (so there is nobody to replace). */
export async function partnerHasCome(tx: WriteTx, seeker: RematchSeeker, openSince: number): Promise<boolean> {
  if (seeker.pairId === null) return false;
  const row = await tx.get(`SELECT ${partnerCame(':self', ':pair')} AS came`, { self: seeker.id, pair: seeker.pairId, openSince });
  return Number(row?.came) === 1;
}

/**
 * THE rematch rule (SPEC §8), the pairing rule's entry for a partner who did not come: a present
 * person (page open) whose partner did not come is paired with a compatible (COMPATIBLE, the same
 * clauses as pairing) session of the same start and duration whose page is open and which has no
 * partner, or a partner who did not come either; favourites first, then the oldest. Both absent
 * partners go back to waiting, unpaired (a late arrival asks for a rematch itself). Runs inside
 * the caller's write transaction, so two seekers can never take the same third: the second one's
 * query sees the first one's new pair, whose members both came.
 * Returns the new partner's session id, or null when nobody is there.
 */
export async function rematchWithPresent(tx: WriteTx, seeker: RematchSeeker, openSince: number, now: Date): Promise<string | null> {
  const candidate = await tx.get(
    `WITH me AS (
       SELECT s.id, s.user_id, s.start_at, s.duration, s.pair_id, s.activity, s.quiet, s.languages, s.requested_partner_id AS wants, u.match_with
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = :self
     )
     SELECT c.id, c.user_id, c.pair_id FROM me
     JOIN sessions c ON c.start_at = me.start_at AND c.duration = me.duration AND c.status IN ('waiting', 'matched')
     JOIN users cu ON cu.id = c.user_id
     JOIN check_ins ci ON ci.session_id = c.id AND ci.at > :openSince
     WHERE c.id <> me.id AND (c.pair_id IS NULL OR me.pair_id IS NULL OR c.pair_id <> me.pair_id)
       AND (c.pair_id IS NULL OR NOT ${partnerCame('c.id', 'c.pair_id')})
       AND ${COMPATIBLE}
     ORDER BY ${IS_FAVORITE} DESC, c.seq LIMIT 1`,
    { self: seeker.id, openSince },
  );
  if (!candidate) return null;
  const brokenPairs = [
    { pairId: seeker.pairId, present: seeker.id },
    { pairId: candidate.pair_id == null ? null : String(candidate.pair_id), present: String(candidate.id) },
  ];
  for (const { pairId, present } of brokenPairs) {
    if (pairId === null) continue;
    for (const member of await dissolvePair(tx, pairId, now)) {
      await emitUnmatched(tx, member.id, member.id === present ? 'partner-no-show' : 'no-show', now);
    }
  }
  const theirs = { id: String(candidate.id), userId: String(candidate.user_id) };
  await formPair(tx, { id: seeker.id, userId: seeker.userId }, theirs, seeker.startMs, now);
  return theirs.id;
}
