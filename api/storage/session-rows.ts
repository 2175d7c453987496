import type { Activity } from '../domain/compatibility.js';
import type { Row } from './database.js';

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
  /** The partner this booking asked for ("book with Ada"), or null for anyone compatible. */
  requestedPartner: { id: string; name: string } | null;
  /** The routine that booked it (SPEC §9); routines do not exist yet. */
  routineId: string | null;
  createdAt: string;
}

/** Columns every session query selects, so that `toSession` can read any of them. */
export const SESSION_COLUMNS = `s.seq, s.id, s.user_id, s.start_at, s.end_at, s.duration, s.status, s.pair_id, s.task, s.created_at,
  s.activity, s.quiet, rp.id AS requested_id, rp.name AS requested_name,
  pu.id AS partner_id, pu.name AS partner_name, ps.task AS partner_task`;

/** Joins each session to its partner's session and user through the pair they share. */
export const SESSION_FROM = `sessions s
  LEFT JOIN sessions ps ON s.pair_id IS NOT NULL AND ps.pair_id = s.pair_id AND ps.id <> s.id
  LEFT JOIN users pu ON pu.id = ps.user_id
  LEFT JOIN users rp ON rp.id = s.requested_partner_id`;

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function toSession(row: Row): Session {
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
    requestedPartner: row.requested_id == null ? null : { id: String(row.requested_id), name: String(row.requested_name) },
    routineId: null,
    createdAt: iso(row.created_at),
  };
}
