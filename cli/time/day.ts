import * as chrono from 'chrono-node';
import { UsageError } from '../errors.js';
import { normalize } from './when.js';
import type { TimeWords } from './words.js';
import { addDays, instantOf, offsetMinutes, type WallTime } from './zone.js';

/**
 * Reads a `<date>`, a whole calendar day in the person's zone, as `<when>` reads its date part
 * (cli/time/when.ts): `today`, `tomorrow`, `fri` (its next occurrence, today included), `24 Dec`
 * (the next one), `24/12` (a numeric date with two readings is refused), `2030-12-24`.
 */
const EXAMPLES = 'Try today, tomorrow, fri, "24 Dec", 24/12, "24 Dec 2031" or 2031-12-24.';

/** The instants a day lasts, [start, end): 23 or 25 hours on the days the clocks change. */
export interface Day {
  start: Date;
  end: Date;
}

/** Midnight, or the first hour that exists where the clocks skip midnight. */
function firstInstant(wall: WallTime, timeZone: string): Date {
  for (let hour = 0; hour < 3; hour++) {
    const instant = instantOf({ ...wall, hour, minute: 0 }, timeZone);
    if (instant) return instant;
  }
  throw new UsageError(`That day has no first hour in ${timeZone}.`, EXAMPLES);
}

export function parseDay(input: string, words: TimeWords): Day {
  const { now, timeZone } = words;
  const text = input.trim().replace(/\s+/g, ' ');
  const normalized = normalize(text);
  const results = chrono.parse(normalized, { instant: now, timezone: offsetMinutes(now, timeZone) }, { forwardDate: true });
  const parsed = results[0];
  const named = parsed && (parsed.start.isCertain('day') || parsed.start.isCertain('weekday'));
  if (!parsed || !named || results.length > 1 || parsed.text.trim() !== normalized || parsed.end) {
    throw new UsageError(`Cannot read "${text}" as a date.`, EXAMPLES);
  }
  if (parsed.start.isCertain('hour')) {
    throw new UsageError(`"${text}" names a time of day; skips take whole days.`, 'Give the date alone, such as fri or "24 Dec".');
  }
  const wall: WallTime = { year: parsed.start.get('year')!, month: parsed.start.get('month')!, day: parsed.start.get('day')!, hour: 0, minute: 0 };
  return { start: firstInstant(wall, timeZone), end: firstInstant(addDays(wall, 1), timeZone) };
}
