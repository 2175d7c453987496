import * as chrono from 'chrono-node';
import { UsageError } from '../errors.js';
import { clockText, readClock } from './clock.js';
import { momentWords, type TimeWords } from './words.js';
import { addDays, instantOf, offsetMinutes, zonedTime, type WallTime } from './zone.js';

/**
 * Reads `<when>` (SPEC §4) in a time zone, relative to an injected `now`.
 * chrono-node reads the words; the rules of cowork are applied here: a clock time already past
 * today means tomorrow (as `at` does), a weekday means its next occurrence, starts sit on a
 * quarter hour, and wall times are turned into instants with the zone's real DST rules.
 */
const QUARTER = 15 * 60_000;
const EXAMPLES = 'Try 14:00, 14.30, 14h, 9am, noon, "half past two", "tomorrow 9", "fri 9:30", "2 Jan 9:00", 2030-01-07T14:00 or now.';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const OFFSET = /\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-])(\d{2}):?(\d{2})$/;
const NUMERIC_DATE = /(^|\s)(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?=\s|$)/g;

/** `2/13` and `13/2` name one date; `1/2` names two (2 Jan in the US, 1 Feb elsewhere) and is refused. */
function spellDate(text: string, a: string, b: string, year: string | undefined): string {
  const [first, second] = [Number(a), Number(b)];
  const named = (day: number, month: number) => `${day} ${MONTHS[month - 1]}${year ? ` ${year}` : ''}`;
  if (first <= 12 && second <= 12 && first !== second) {
    throw new UsageError(`"${a}/${b}" in "${text}" could be ${named(second, first)} or ${named(first, second)}.`, `Write ${named(second, first)} or ${named(first, second)}.`);
  }
  if (first >= 1 && first <= 31 && second >= 1 && second <= 12) return named(first, second);
  if (second >= 1 && second <= 31 && first >= 1 && first <= 12) return named(second, first);
  throw new UsageError(`"${a}/${b}" in "${text}" is not a date.`, EXAMPLES);
}

/** A bare hour right after a month name is that month's day: `dec 9` is 9 December, `9 dec 9` 09:00 on it. */
const MONTH = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$/i;
const isBareHour = (words: string) => /^\d{1,2}$/.test(words);
const dayOfMonth = (date: string[]) => MONTH.test(date.at(-1) ?? '') && !date.some((word) => /\d/.test(word));
const LONGEST_CLOCK = 5;

/**
 * The time of day, in any form of cli/time/clock.ts, spelled HH:MM for chrono: at the end (`tomorrow 9`,
 * `fri at half past two`) or at the start (`9am tomorrow`; a bare hour there would be a day of a month).
 */
function spellClock(text: string): string {
  const words = text.split(' ');
  for (let n = Math.min(words.length, LONGEST_CLOCK); n >= 1; n--) {
    const said = words.slice(words.length - n).join(' ');
    const date = words.slice(0, words.length - n);
    if (date.at(-1)?.toLowerCase() === 'at') date.pop();
    const clock = readClock(said);
    if (clock && !(isBareHour(said) && dayOfMonth(date))) return [...date, clockText(clock)].join(' ');
  }
  for (let n = Math.min(words.length - 1, LONGEST_CLOCK); n >= 1; n--) {
    const said = words.slice(0, n).join(' ');
    const clock = isBareHour(said) ? undefined : readClock(said);
    if (clock) return [...words.slice(n), clockText(clock)].join(' ');
  }
  return text;
}

/** cowork's own readings before chrono's: the time of day in any of its forms, numeric dates spelled out, offsets checked. */
export function normalize(text: string): string {
  const offset = OFFSET.exec(text);
  if (offset && (Number(offset[2]) > 14 || Number(offset[3]) >= 60)) {
    throw new UsageError(`"${offset[1]}${offset[2]}:${offset[3]}" is not a UTC offset.`, 'Offsets run from -12:00 to +14:00, as in 2030-01-07T14:00+01:00.');
  }
  // "in 2h" is a distance, not a clock.
  const clock = /\bin\s+\d/i.test(text) ? text : spellClock(text);
  return clock.replace(NUMERIC_DATE, (_whole, space: string, a: string, b: string, year: string | undefined) => `${space}${spellDate(text, a, b, year)}`);
}

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

function readWords(text: string, now: Date, timeZone: string, asTyped: string): chrono.ParsedResult {
  const reference = { instant: now, timezone: offsetMinutes(now, timeZone) };
  const results = chrono.parse(text, reference, { forwardDate: true });
  const result = results[0];
  if (!result || results.length > 1 || result.text.trim() !== text || result.end) {
    throw new UsageError(`Cannot read "${asTyped}" as a start time.`, EXAMPLES);
  }
  if (!result.start.isCertain('hour')) {
    throw new UsageError(`"${asTyped}" has no time of day.`, `Add one, e.g. "${asTyped} 9:00".`);
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
export function parseWhen(input: string, words: TimeWords): Date {
  const { now, timeZone } = words;
  const text = input.trim().replace(/\s+/g, ' ');
  if (text.toLowerCase() === 'now') return nextQuarterHour(now);
  const parsed = readWords(normalize(text), now, timeZone, text).start;
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
      `Sessions start on the quarter hour; "${text}" is ${momentWords(start, words)}.`,
      `The nearest valid starts are ${momentWords(before, words)} and ${momentWords(after, words)}.`,
    );
  }
  return start;
}
