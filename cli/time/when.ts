import * as chrono from 'chrono-node';
import { UsageError } from '../errors.js';
import { timeInWords } from './format.js';
import { addDays, instantOf, offsetMinutes, zonedTime, type WallTime } from './zone.js';

/**
 * Reads `<when>` (SPEC §4) in a time zone, relative to an injected `now`.
 * chrono-node reads the words; the rules of cowork are applied here: a clock time already past
 * today means tomorrow (as `at` does), a weekday means its next occurrence, starts sit on a
 * quarter hour, and wall times are turned into instants with the zone's real DST rules.
 */
const QUARTER = 15 * 60_000;
const EXAMPLES = 'Try 14:00, 2pm, "tomorrow 9:30", "fri 9:00", 2030-01-07T14:00 or now.';

export function nextQuarterHour(now: Date): Date {
  return new Date(Math.ceil(now.getTime() / QUARTER) * QUARTER);
}

function toInstant(wall: WallTime, timeZone: string, text: string): Date {
  const instant = instantOf(wall, timeZone);
  if (!instant) {
    throw new UsageError(`"${text}" does not exist in ${timeZone}: the clocks skip that hour that day.`, 'Pick a time an hour later or earlier.');
  }
  return instant;
}

function readWords(text: string, now: Date, timeZone: string): chrono.ParsedResult {
  const reference = { instant: now, timezone: offsetMinutes(now, timeZone) };
  const results = chrono.parse(text, reference, { forwardDate: true });
  const result = results[0];
  if (!result || results.length > 1 || result.text.trim() !== text || result.end) {
    throw new UsageError(`Cannot read "${text}" as a start time.`, EXAMPLES);
  }
  if (!result.start.isCertain('hour')) {
    throw new UsageError(`"${text}" has no time of day.`, `Add one, e.g. "${text} 9:00".`);
  }
  return result;
}

const naive = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);

/** The wall time if it is still ahead, else the same time `stepDays` later (tomorrow, next week). */
function firstNotPast(wall: WallTime, stepDays: number, now: Date, timeZone: string, text: string): Date {
  const candidate = instantOf(wall, timeZone);
  const passed = candidate ? candidate < now : naive(wall) < naive(zonedTime(now, timeZone));
  return passed ? toInstant(addDays(wall, stepDays), timeZone, text) : (candidate ?? toInstant(wall, timeZone, text));
}

/** The start a `<when>` names, as an instant; refuses what cannot be a session start. */
export function parseWhen(input: string, now: Date, timeZone: string): Date {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text.toLowerCase() === 'now') return nextQuarterHour(now);
  const parsed = readWords(text, now, timeZone).start;
  let start: Date;
  if (parsed.isCertain('timezoneOffset')) {
    start = parsed.date();
  } else {
    const time = { hour: parsed.get('hour') ?? 0, minute: parsed.get('minute') ?? 0 };
    const today: WallTime = { ...zonedTime(now, timeZone), ...time };
    if (parsed.isCertain('day')) {
      start = toInstant({ year: parsed.get('year') ?? today.year, month: parsed.get('month') ?? today.month, day: parsed.get('day') ?? today.day, ...time }, timeZone, text);
    } else if (parsed.isCertain('weekday')) {
      const ahead = ((parsed.get('weekday') ?? 0) - zonedTime(now, timeZone).weekday + 7) % 7;
      start = firstNotPast(addDays(today, ahead), 7, now, timeZone, text);
    } else {
      start = firstNotPast(today, 1, now, timeZone, text);
    }
  }
  if (start.getTime() % QUARTER !== 0) {
    const before = new Date(Math.floor(start.getTime() / QUARTER) * QUARTER);
    const after = new Date(before.getTime() + QUARTER);
    throw new UsageError(
      `Sessions start on the quarter hour; "${text}" is ${timeInWords(start, timeZone, now)}.`,
      `The nearest valid starts are ${timeInWords(before, timeZone, now)} and ${timeInWords(after, timeZone, now)}.`,
    );
  }
  return start;
}
