import { UsageError } from './errors.js';
import { clockText, readClock } from './time/clock.js';

/** How `cowork routine add` reads its days and time (SPEC §9): `weekdays 9:00`, `mon,wed,fri 13:45`. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const NAMED: Record<string, readonly Weekday[]> = {
  daily: WEEKDAYS,
  weekdays: WEEKDAYS.slice(0, 5),
  weekends: WEEKDAYS.slice(5),
};

const DAY_NAMES: Record<string, Weekday> = Object.fromEntries(
  WEEKDAYS.flatMap((day, i) => [[day, day], [['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][i]!, day]]),
);

/** `daily`, `weekdays`, `weekends`, or days separated by commas (`mon,wed,fri`), in week order. */
export function parseDays(text: string): Weekday[] {
  const named = NAMED[text.trim().toLowerCase()];
  if (named) return [...named];
  const days = new Set<Weekday>();
  for (const part of text.toLowerCase().split(',').map((p) => p.trim())) {
    const day = DAY_NAMES[part];
    if (!day) throw new UsageError(`"${part}" is not a day.`, 'Write daily, weekdays, weekends, or days such as mon,wed,fri.');
    days.add(day);
  }
  return WEEKDAYS.filter((day) => days.has(day));
}

/** A time of day in any form `book` reads (cli/time/clock.ts): `9:00`, `9am`, `14h`, `noon` → "HH:MM", on a quarter hour. */
export function parseClockTime(text: string): string {
  const clock = readClock(text);
  if (!clock) throw new UsageError(`"${text}" is not a time of day.`, 'Write 9:00, 9, 9am, 14h, 14.30, noon or "half past two".');
  if (clock.minute % 15 !== 0) throw new UsageError(`Routines start on a quarter hour, not at ${clockText(clock)}.`, 'Pick :00, :15, :30 or :45.');
  return clockText(clock);
}

/** How a routine's days read back: "weekdays", "daily", "mon, wed, fri". */
export function daysWords(days: readonly string[]): string {
  const named = Object.entries(NAMED).find(([, list]) => list.length === days.length && list.every((day) => days.includes(day)));
  return named ? named[0] : days.join(', ');
}
