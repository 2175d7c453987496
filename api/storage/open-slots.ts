import type { Database } from './database.js';
import { COMPATIBLE, IS_FAVORITE } from './pairing.js';
import type { PersonRef } from './preferences.js';

/** A start where someone waits whom the caller, booking with their defaults, would be paired with. */
export interface OpenSlot {
  start: string;
  duration: number;
  waiting: number;
  /** Only the caller's favourites are ever named; everyone else is just counted. */
  favorites: PersonRef[];
}

// The caller stands in as `me` with their default settings and no requested partner. Starts that
// overlap the caller's own sessions stay in: `cowork book` names them as places to move to.
export const OPEN_SLOTS = `
  WITH me AS (SELECT id AS user_id, activity, quiet, NULL AS wants, match_with FROM users WHERE id = ?)
  SELECT c.start_at, c.duration, cu.id, cu.name, ${IS_FAVORITE} AS favorite
  FROM me
  JOIN sessions c INDEXED BY sessions_waiting_by_slot ON c.status = 'waiting' AND c.start_at >= ? AND c.start_at < ?
  JOIN users cu ON cu.id = c.user_id
  WHERE (? IS NULL OR c.duration = ?) AND ${COMPATIBLE}
  ORDER BY c.start_at, c.duration, cu.name, cu.id`;

export async function openSlots(db: Database, userId: string, from: Date, to: Date, duration: number | null): Promise<OpenSlot[]> {
  const rows = await db.all(OPEN_SLOTS, [userId, from.getTime(), to.getTime(), duration, duration]);
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
