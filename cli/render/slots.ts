import type { OpenSlot } from '../api-types.js';
import { clockTime, timeInWords } from '../time/format.js';

/** One line a person can scan: "Sat 28 Nov, 14:15 · 50 min · 2 waiting · Ada ★". */
export function slotLine(slot: OpenSlot, timeZone: string, now: Date): string {
  const parts = [timeInWords(new Date(slot.start), timeZone, now), `${slot.duration} min`, `${slot.waiting} waiting`];
  if (slot.favorites.length) parts.push(slot.favorites.map((f) => `${f.name} ★`).join(', '));
  return parts.join(' · ');
}

/** "13:45 (1 waiting), 14:15 (2 waiting · Ada ★)": nearby starts, short, for after a booking. */
export function nearbyStarts(slots: OpenSlot[], timeZone: string): string {
  return slots
    .map((slot) => {
      const favorites = slot.favorites.length ? ` · ${slot.favorites.map((f) => `${f.name} ★`).join(', ')}` : '';
      return `${clockTime(new Date(slot.start), timeZone)} (${slot.waiting} waiting${favorites})`;
    })
    .join(', ');
}
