/**
 * The numbers of `GET /v1/me/stats` (SPEC §8) that need no database. Days and weeks are calendar
 * dates in the person's time zone, worked on as dates (never as 24-hour spans), so a DST change,
 * whose day has 23 or 25 hours, neither breaks nor doubles a streak.
 */
const DAY_MS = 86_400_000;
export const STATS_WEEKS = 12;

export interface CompletedSession {
  start: Date;
  duration: number;
}

export interface WeekCount {
  /** The Monday that starts the week, as a date in the person's zone. */
  weekOf: string;
  sessions: number;
  minutes: number;
}

export interface Streaks {
  current: number;
  longest: number;
}

/** The calendar date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Monday of the week holding `day` (1970-01-01, day 0, was a Thursday). */
const mondayOf = (day: number) => day - ((day + 3) % 7);

/** Runs of consecutive dates with a completed session; the current one ends today or yesterday. */
export function streaksOf(sessions: CompletedSession[], timeZone: string, now: Date): Streaks {
  const days = [...new Set(sessions.map((s) => dayNumber(localDate(s.start, timeZone))))].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1]! + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  const today = dayNumber(localDate(now, timeZone));
  const last = days.at(-1);
  const current = last !== undefined && last >= today - 1 ? run : 0;
  return { current, longest };
}

/** Completed sessions per week for the last STATS_WEEKS weeks, oldest first, this week last. */
export function weeklyCounts(sessions: CompletedSession[], timeZone: string, now: Date): WeekCount[] {
  const thisWeek = mondayOf(dayNumber(localDate(now, timeZone)));
  const weeks = Array.from({ length: STATS_WEEKS }, (_, i) => ({ weekOf: dateOf(thisWeek - 7 * (STATS_WEEKS - 1 - i)), sessions: 0, minutes: 0 }));
  for (const session of sessions) {
    const index = STATS_WEEKS - 1 - (thisWeek - mondayOf(dayNumber(localDate(session.start, timeZone)))) / 7;
    const week = weeks[index];
    if (!week) continue;
    week.sessions += 1;
    week.minutes += session.duration;
  }
  return weeks;
}
