import type { Activity } from '../domain/compatibility.js';
import type { Database } from './engine/database.js';
import { BUSY_OVER_CANDIDATE } from './busy-intervals.js';
import { languagesColumn } from './languages-column.js';
import { COMPATIBLE, IS_FAVORITE } from './pairing.js';
import type { PersonRef } from './preferences.js';
import { LONGEST_SESSION_MS } from './session-rows.js';

/** A start where someone waits whom the caller, booking with their defaults, would be paired with. */
export interface OpenSlot {
  start: string;
  duration: number;
  waiting: number;
  /** Only the caller's favourites are ever named; everyone else is just counted. */
  favorites: PersonRef[];
}

// The caller stands in as `me` with their default settings, or those a booking would set, and no
// requested partner. A start the caller cannot book is left out: one overlapping a live session
// of theirs (the slot they hold included), except the session named as the one they would move,
// and one over a busy interval of their busy calendar (SPEC §15).
export const OPEN_SLOTS = `
  WITH me AS (SELECT id AS user_id, coalesce(?, activity) AS activity, coalesce(?, quiet) AS quiet, coalesce(?, languages) AS languages, NULL AS wants, match_with FROM users WHERE id = ?)
  SELECT c.start_at, c.duration, cu.id, cu.name, ${IS_FAVORITE} AS favorite
  FROM me
  JOIN sessions c INDEXED BY sessions_waiting_by_slot ON c.status = 'waiting' AND c.start_at >= ? AND c.start_at < ?
  JOIN users cu ON cu.id = c.user_id
  WHERE (? IS NULL OR c.duration = ?) AND ${COMPATIBLE}
    AND NOT EXISTS (SELECT 1 FROM sessions m INDEXED BY sessions_by_user_start
      WHERE m.user_id = me.user_id AND m.start_at > c.start_at - ${LONGEST_SESSION_MS} AND m.start_at < c.start_at + c.duration * 60000
        AND m.end_at > c.start_at AND m.status IN ('waiting', 'matched') AND m.id IS NOT ?)
    AND NOT ${BUSY_OVER_CANDIDATE}
  ORDER BY c.start_at, c.duration, cu.name, cu.id`;

/** What a booking would set, where it differs from the caller's settings, and the session they would move. */
export interface SlotSeeker {
  activity?: Activity | undefined;
  quiet?: boolean | undefined;
  /** Normalized ISO 639-1 codes (domain/languages.ts). */
  languages?: string[] | undefined;
  instead?: string | undefined;
}

export async function openSlots(db: Database, userId: string, from: Date, to: Date, duration: number | null, seeker: SlotSeeker = {}): Promise<OpenSlot[]> {
  const quiet = seeker.quiet === undefined ? null : seeker.quiet ? 1 : 0;
  const rows = await db.all(OPEN_SLOTS, [seeker.activity ?? null, quiet, seeker.languages === undefined ? null : languagesColumn(seeker.languages), userId, from.getTime(), to.getTime(), duration, duration, seeker.instead ?? null]);
  const slots: OpenSlot[] = [];
  for (const row of rows) {
    const start = new Date(Number(row.start_at)).toISOString();
    let slot = slots.at(-1);
    if (!slot || slot.start !== start || slot.duration !== Number(row.duration)) {
      slot = { start, duration: Number(row.duration), waiting: 0, favorites: [] };
      slots.push(slot);
    }
    slot.waiting++;
    if (Number(row.favorite) === 1) slot.favorites.push({ id: String(row.id), name: String(row.name) });
  }
  return slots;
}
