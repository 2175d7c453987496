import type { Activity } from '../domain/compatibility.js';
import { attendanceOf, type Attendance, type StartPairFacts } from '../domain/attendance.js';
import type { Row } from './engine/database.js';
import { languagesOf } from './languages-column.js';

/** A session as the API shows it to one of its members (SPEC §3). */
export interface Session {
  id: string;
  start: string;
  end: string;
  duration: number;
  status: 'waiting' | 'matched' | 'cancelled';
  partner: { id: string; name: string } | null;
  task: string | null;
  partnerTask: string | null;
  /** Fixed at booking (SPEC §7): what the person will do, and whether they want a quiet partner. */
  activity: Activity;
  quiet: boolean;
  /** Fixed at booking (SPEC §15): the languages it may be held in; empty: any. */
  languages: string[];
  /** The partner this booking asked for ("book with Ada"), or null for anyone compatible. */
  requestedPartner: { id: string; name: string } | null;
  /** The routine that booked it (SPEC §9), or null. */
  routineId: string | null;
  createdAt: string;
  attendance: Attendance | null;
}

/** No session lasts longer: a search by start finds every session still running at `t` after `t - LONGEST_SESSION_MS`. */
export const LONGEST_SESSION_MS = 75 * 60_000;

/** The statuses of a session that still counts (SQL list). */
export const LIVE = `('waiting', 'matched')`;

/** The id of the pair the session was in at its start (see SESSION_FROM), or null. */
export const START_PAIR = 'COALESCE(spa.id, spb.id)';

/**
 * The pair each session was in at its start (`spa` when it was that pair's session_a, `spb` when
 * session_b), whose joins decide its attendance (SPEC §8). A session is in one pair at a time and
 * a new pair starts no earlier than the old one ends, so at most one of them is found.
 */
export const START_PAIR_JOINS = `
  LEFT JOIN pairs spa ON spa.session_a = s.id AND spa.created_at <= s.start_at AND (spa.dissolved_at IS NULL OR spa.dissolved_at > s.start_at)
  LEFT JOIN pairs spb ON spb.session_b = s.id AND spb.created_at <= s.start_at AND (spb.dissolved_at IS NULL OR spb.dissolved_at > s.start_at)`;

/** The columns `attendanceFactsOf` reads, over START_PAIR_JOINS. */
export const ATTENDANCE_COLUMNS = `${START_PAIR} AS start_pair_id,
  (SELECT MIN(a.at) FROM attendance a WHERE a.pair_id = ${START_PAIR} AND a.session_id = s.id AND a.event = 'joined') AS first_join_at,
  (SELECT MIN(a.at) FROM attendance a WHERE a.pair_id = ${START_PAIR} AND a.session_id <> s.id AND a.event = 'joined') AS partner_first_join_at`;

/** Columns every session query selects, so that `toSession` can read any of them. */
export const SESSION_COLUMNS = `s.seq, s.id, s.user_id, s.start_at, s.end_at, s.duration, s.status, s.pair_id, s.task, s.created_at,
  s.activity, s.quiet, s.languages, s.routine_id, rp.id AS requested_id, rp.name AS requested_name,
  pu.id AS partner_id, pu.name AS partner_name, ps.task AS partner_task,
  ${ATTENDANCE_COLUMNS}`;

/** Joins each session to its partner's session and user through the pair they share, and to the pair it was in at its start. */
export const SESSION_FROM = `sessions s
  LEFT JOIN sessions ps ON s.pair_id IS NOT NULL AND ps.pair_id = s.pair_id AND ps.id <> s.id
  LEFT JOIN users pu ON pu.id = ps.user_id
  LEFT JOIN users rp ON rp.id = s.requested_partner_id${START_PAIR_JOINS}`;

/** What was recorded about the pair a session was in at its start, from ATTENDANCE_COLUMNS. */
export const attendanceFactsOf = (row: Row): StartPairFacts => ({
  matchedAtStart: row.start_pair_id != null,
  firstJoin: row.first_join_at == null ? null : new Date(Number(row.first_join_at)),
  partnerJoined: row.partner_first_join_at != null,
});

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** The session as seen at `now`: its attendance is only known from start + 5 minutes. */
export function toSession(row: Row, now: Date): Session {
  return {
    id: String(row.id),
    start: iso(row.start_at),
    end: iso(row.end_at),
    duration: Number(row.duration),
    status: row.status as Session['status'],
    partner: row.partner_id == null ? null : { id: String(row.partner_id), name: String(row.partner_name) },
    task: textOrNull(row.task),
    partnerTask: textOrNull(row.partner_task),
    activity: row.activity as Activity,
    quiet: Number(row.quiet) === 1,
    languages: languagesOf(row.languages),
    requestedPartner: row.requested_id == null ? null : { id: String(row.requested_id), name: String(row.requested_name) },
    routineId: textOrNull(row.routine_id),
    createdAt: iso(row.created_at),
    attendance: attendanceOf(new Date(Number(row.start_at)), attendanceFactsOf(row), now),
  };
}
