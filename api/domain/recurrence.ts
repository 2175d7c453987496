import { DateTime } from 'luxon';

/**
 * A routine's occurrences (SPEC §9): a wall-clock time on some weekdays in a time zone. The zone
 * arithmetic is luxon's, so 09:00 local stays 09:00 local across clock changes.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Recurrence {
  days: readonly Weekday[];
  /** "HH:MM", local to `timezone`. */
  time: string;
  timezone: string;
}

export type Occurrence =
  | { start: Date; kind: 'bookable' }
  /** The local time does not exist that day (spring forward): nothing to book. */
  | { start: Date; kind: 'dst-gap' };

/**
 * Every occurrence whose start is in [from, to), in order. A gap day yields a `dst-gap` entry at
 * the instant luxon shifts the missing time to (so it can be listed once); an ambiguous autumn
 * time takes its first (earlier) instant.
 */
export function occurrencesBetween(recurrence: Recurrence, from: Date, to: Date): Occurrence[] {
  const [hour, minute] = recurrence.time.split(':').map(Number) as [number, number];
  const wanted = new Set(recurrence.days.map((day) => WEEKDAYS.indexOf(day) + 1));
  const found: Occurrence[] = [];
  // Start a day early: `from` in UTC may still be the previous local day.
  let day = DateTime.fromJSDate(from, { zone: recurrence.timezone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromJSDate(to, { zone: recurrence.timezone }).endOf('day');
  for (; day <= last; day = day.plus({ days: 1 })) {
    if (!wanted.has(day.weekday)) continue;
    const local = day.set({ hour, minute, second: 0, millisecond: 0 });
    const start = local.toJSDate();
    if (start < from || start >= to) continue;
    const exists = local.hour === hour && local.minute === minute;
    found.push({ start, kind: exists ? 'bookable' : 'dst-gap' });
  }
  return found;
}
