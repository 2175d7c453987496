/**
 * Wall-clock time in an IANA zone, computed with Intl so that one process can work in any zone
 * (tests run several) and DST gaps and overlaps are handled explicitly rather than by Date's guesses.
 */
export interface WallTime {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export interface ZonedTime extends WallTime {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone of this process: TZ when set, else the system's. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function zonedTime(instant: Date, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** Minutes the zone is ahead of UTC at that instant (Berlin in summer: 120). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wall = zonedTime(instant, timeZone);
  const seconds = instant.getUTCSeconds() * 1000 + instant.getUTCMilliseconds();
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) + seconds;
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

const sameWall = (a: WallTime, b: WallTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

/**
 * The instant a wall time names in the zone, or undefined when clocks skip it (spring forward).
 * When it happens twice (fall back) the earlier one is meant, as most calendars do.
 */
export function instantOf(wall: WallTime, timeZone: string): Date | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const HALF_DAY = 12 * 60 * 60_000;
  const candidates = [asUtc - HALF_DAY, asUtc + HALF_DAY]
    .map((probe) => new Date(asUtc - offsetMinutes(new Date(probe), timeZone) * 60_000))
    .filter((candidate) => sameWall(zonedTime(candidate, timeZone), wall))
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates[0];
}

/** The calendar date `days` after the wall time's date (same clock time). */
export function addDays(wall: WallTime, days: number): WallTime {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
