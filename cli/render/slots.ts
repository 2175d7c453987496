import type { OpenSlot } from '../api-types.js';
import { clockWords, momentWords, type TimeWords } from '../time/words.js';

/** One line a person can scan: "Sat 28 Nov, 14:15 · 50 min · 2 waiting · Ada ★". */
export function slotLine(slot: OpenSlot, words: TimeWords): string {
  const parts = [momentWords(new Date(slot.start), words), `${slot.duration} min`, `${slot.waiting} waiting`];
  if (slot.favorites.length) parts.push(slot.favorites.map((f) => `${f.name} ★`).join(', '));
  return parts.join(' · ');
}

/** "13:45 (1 waiting), 14:15 (2 waiting · Ada ★)": nearby starts, short, for after a booking. */
export function nearbyStarts(slots: OpenSlot[], words: TimeWords): string {
  return slots
    .map((slot) => {
      const favorites = slot.favorites.length ? ` · ${slot.favorites.map((f) => `${f.name} ★`).join(', ')}` : '';
      return `${clockWords(new Date(slot.start), words)} (${slot.waiting} waiting${favorites})`;
    })
    .join(', ');
}
