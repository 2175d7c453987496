import { conflict } from '../http/problems.js';
import type { WriteTx } from './engine/database.js';

/**
 * A person's busy intervals (SPEC §15), stored in pieces of at most BUSY_PIECE_MS (migration v20):
 * every piece overlapping [start, end) starts after `start - BUSY_PIECE_MS`, so the overlap test
 * is one short range of the (user_id, start_at) key whatever the calendar holds.
 */
export const BUSY_PIECE_MS = 24 * 60 * 60_000;
/** At most this many pieces per person; a calendar beyond it keeps its earliest. */
export const MAX_BUSY_PIECES = 5_000;

export interface BusyInterval {
  start: string;
  end: string;
  title: string;
}

/** SQL: whether person ?1 is busy in [?3, ?4), for a statement binding those (booking.ts's BOOKING_CONTEXT). */
export const BUSY_IN_SPAN = `EXISTS (SELECT 1 FROM busy_intervals b WHERE b.user_id = ?1 AND b.start_at > ?3 - ${BUSY_PIECE_MS} AND b.start_at < ?4 AND b.end_at > ?3)`;

/** SQL: whether the person `me.user_id` is busy over the candidate session `c` (open-slots.ts). */
export const BUSY_OVER_CANDIDATE = `EXISTS (SELECT 1 FROM busy_intervals b WHERE b.user_id = me.user_id
  AND b.start_at > c.start_at - ${BUSY_PIECE_MS} AND b.start_at < c.start_at + c.duration * 60000 AND b.end_at > c.start_at)`;

/** The first busy event overlapping [start, end), whole (not the piece), or undefined. */
export async function busyEventOver(tx: Pick<WriteTx, 'get'>, userId: string, startMs: number, endMs: number): Promise<BusyInterval | undefined> {
  const row = await tx.get(
    `SELECT event_start_at, event_end_at, title FROM busy_intervals
     WHERE user_id = ? AND start_at > ? AND start_at < ? AND end_at > ? ORDER BY start_at LIMIT 1`,
    [userId, startMs - BUSY_PIECE_MS, endMs, startMs],
  );
  return row && { start: new Date(Number(row.event_start_at)).toISOString(), end: new Date(Number(row.event_end_at)).toISOString(), title: String(row.title) };
}

/** The refusal of a booking over a busy interval: names the event, and the way to book anyway. */
export const busyProblem = (event: BusyInterval) =>
  conflict('busy', 'Busy in your calendar',
    `Your busy calendar has "${event.title}" from ${event.start} to ${event.end}, which this booking overlaps; pick another time, or book anyway with ignoreBusy: true (cowork book … --anyway).`,
    { busyInterval: event });

/** An event's pieces: [start, end) cut every BUSY_PIECE_MS. */
export function piecesOf(event: { start: Date; end: Date; title: string }): { start: number; end: number; eventStart: number; eventEnd: number; title: string }[] {
  const pieces = [];
  const [eventStart, eventEnd] = [event.start.getTime(), event.end.getTime()];
  for (let at = eventStart; at < eventEnd; at += BUSY_PIECE_MS) pieces.push({ start: at, end: Math.min(at + BUSY_PIECE_MS, eventEnd), eventStart, eventEnd, title: event.title });
  return pieces;
}
