import { offsetMinutes, zonedTime } from './zone.js';

/**
 * The one place that turns times into words for a person: a moment ("Sat 28 Nov, 14:00"), a span
 * ("Sat 28 Nov, 14:00–14:50"), a distance ("in 3 h 10 min") and a countdown ("2 d 4 h 10 min").
 * Every message, table and prompt of the CLI says times through these, in the person's zone (TZ)
 * and locale (LC_ALL, LC_TIME, LANG), so no ISO string ever reaches a person.
 */
export interface TimeWords {
  now: Date;
  timeZone: string;
  /** A BCP 47 tag; en-GB when the environment names none (C, POSIX). */
  locale: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The locale a person's environment asks for, as Intl understands it. */
export function localeOf(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.LC_ALL || env.LC_TIME || env.LANG || '';
  const tag = raw.split(/[.@]/)[0]?.replace('_', '-') ?? '';
  if (!tag || tag === 'C' || tag === 'POSIX') return 'en-GB';
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(words: TimeWords, kind: 'day' | 'dayWithYear' | 'clock'): Intl.DateTimeFormat {
  const key = `${words.locale}|${words.timeZone}|${kind}`;
  let found = formatters.get(key);
  if (!found) {
    const { locale, timeZone } = words;
    if (kind === 'clock') {
      const twelveHour = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle?.startsWith('h1');
      found = new Intl.DateTimeFormat(locale, { timeZone, hour: twelveHour ? 'numeric' : '2-digit', minute: '2-digit' });
    } else {
      found = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', ...(kind === 'dayWithYear' ? { year: 'numeric' } : {}) });
    }
    formatters.set(key, found);
  }
  return found;
}

/** "14:00" (or "2:00 PM" where the locale counts twelve hours). */
export function clockWords(instant: Date, words: TimeWords): string {
  return formatter(words, 'clock').format(instant);
}

/** "Sat 28 Nov" (with the year when it is not this year's). */
export function dayWords(instant: Date, words: TimeWords): string {
  const withYear = zonedTime(instant, words.timeZone).year !== zonedTime(words.now, words.timeZone).year;
  return formatter(words, withYear ? 'dayWithYear' : 'day').format(instant).replace(/^(\S+?),/, '$1');
}

/** "Sat 28 Nov, 14:00". */
export function momentWords(instant: Date, words: TimeWords): string {
  return `${dayWords(instant, words)}, ${clockWords(instant, words)}`;
}

const sameDay = (a: Date, b: Date, timeZone: string) => {
  const x = zonedTime(a, timeZone);
  const y = zonedTime(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};

/** The first instant of the span at which the zone's offset differs from its offset at `start`. */
function clockChangeWithin(start: Date, end: Date, timeZone: string): Date | undefined {
  const before = offsetMinutes(start, timeZone);
  if (offsetMinutes(end, timeZone) === before) return undefined;
  let low = start.getTime();
  let high = end.getTime();
  while (high - low > MINUTE) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (offsetMinutes(new Date(middle), timeZone) === before) low = middle;
    else high = middle;
  }
  return new Date(high);
}

export interface SpanOptions {
  /** Said inside the span's parentheses, after any clock change: "in 2 h". */
  note?: string | undefined;
  /** For tables: a clock change shows only as the length, "(75 min)". */
  short?: boolean | undefined;
}

/**
 * "Sat 28 Nov, 14:00–14:50". A span the clocks change in says so and states its length, since its
 * clock times alone mislead: "Sun 25 Oct, 02:30–02:45 (75 min; clocks go back at 03:00)".
 */
export function spanWords(start: Date, end: Date, words: TimeWords, options: SpanOptions = {}): string {
  const ending = sameDay(start, end, words.timeZone) || end.getTime() - start.getTime() <= 2 * HOUR ? clockWords(end, words) : momentWords(end, words);
  const notes: string[] = [];
  const change = clockChangeWithin(start, end, words.timeZone);
  if (change) {
    notes.push(`${Math.round((end.getTime() - start.getTime()) / MINUTE)} min`);
    const before = offsetMinutes(start, words.timeZone);
    // The wall clock reads the old offset's time at the moment of change ("at 03:00", then it is 02:00).
    const at = clockWords(new Date(change.getTime() + before * MINUTE), { ...words, timeZone: 'UTC' });
    if (!options.short) notes.push(`clocks go ${offsetMinutes(change, words.timeZone) < before ? 'back' : 'forward'} at ${at}`);
  }
  if (options.note) notes.push(options.note);
  const span = `${momentWords(start, words)}–${ending}`;
  return notes.length ? `${span} (${notes.join('; ')})` : span;
}

/**
 * A length of time, at most two units, largest first: "40 s", "25 min", "3 h 10 min", "2 d 4 h".
 * Seconds only under a minute; rounded to the minute above that.
 */
export function distanceWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.round(abs / 1000)} s`;
  const minutes = Math.round(abs / MINUTE);
  const parts: [number, string][] = [[Math.floor(minutes / (24 * 60)), 'd'], [Math.floor(minutes / 60) % 24, 'h'], [minutes % 60, 'min']];
  const first = parts.findIndex(([value]) => value > 0);
  return parts.slice(first, first + 2).filter(([value]) => value > 0).map(([value, unit]) => `${value} ${unit}`).join(' ');
}

/** "in 25 min", "3 h 10 min ago", "now" (within half a minute). */
export function relativeWords(target: Date, words: TimeWords): string {
  const ms = target.getTime() - words.now.getTime();
  if (Math.abs(ms) < MINUTE / 2) return 'now';
  return ms > 0 ? `in ${distanceWords(ms)}` : `${distanceWords(ms)} ago`;
}

/** "Sat 28 Nov, 14:00 (in 3 h 10 min)": a moment said once, with how far away it is. */
export function momentWithDistance(instant: Date, words: TimeWords): string {
  return `${momentWords(instant, words)} (${relativeWords(instant, words)})`;
}

/** A live countdown down to the minute, seconds in the last hour: "6 d 3 h 12 min", "12 min 05 s". */
export function countdownWords(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  const minutes = Math.ceil(total / 60);
  const days = Math.floor(minutes / (24 * 60));
  const hours = `${Math.floor(minutes / 60) % 24} h ${minutes % 60} min`;
  return days ? `${days} d ${hours}` : hours;
}
