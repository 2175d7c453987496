import { zonedTime } from './zone.js';

/** Times in words for people: "Sat 28 Nov, 14:00–14:50", "in 25 min". */
const MINUTE = 60_000;
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withYear}`;
  let formatter = dayFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone, weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}),
    });
    dayFormatters.set(key, formatter);
  }
  return formatter;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function clockTime(instant: Date, timeZone: string): string {
  const wall = zonedTime(instant, timeZone);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** "Sat 28 Nov" (with the year when it is not this year's). */
export function dayInWords(instant: Date, timeZone: string, now: Date): string {
  const withYear = zonedTime(instant, timeZone).year !== zonedTime(now, timeZone).year;
  return dayFormatter(timeZone, withYear).format(instant).replace(',', '');
}

/** "Sat 28 Nov, 14:00". */
export function timeInWords(instant: Date, timeZone: string, now: Date): string {
  return `${dayInWords(instant, timeZone, now)}, ${clockTime(instant, timeZone)}`;
}

/** "Sat 28 Nov, 14:00–14:50". */
export function slotInWords(start: Date, end: Date, timeZone: string, now: Date): string {
  return `${timeInWords(start, timeZone, now)}–${clockTime(end, timeZone)}`;
}

function span(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  return `${Math.round(minutes / (24 * 60))} days`;
}

/** "in 25 min", "in 3 h 10 min", "in 4 days", "now", "12 min ago". */
export function relativeTime(target: Date, now: Date): string {
  const ms = target.getTime() - now.getTime();
  if (Math.abs(ms) < MINUTE / 2) return 'now';
  return ms > 0 ? `in ${span(ms)}` : `${span(-ms)} ago`;
}
