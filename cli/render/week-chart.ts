import type { ChalkInstance } from 'chalk';
import type { Stats } from '../api-types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONGEST_BAR = 40;

/** "7 Jan" for the Monday 2030-01-07: the week's label, right-aligned by the caller. */
const weekLabel = (date: string) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;

/**
 * Completed sessions per week as horizontal bars, one line per week, labels and counts aligned.
 * With colour the bars are solid blocks in cyan; without (piped, NO_COLOR) they are `#`, so the
 * chart survives any pager, log or font.
 */
export function renderWeekChart(weeks: Stats['weeks'], style: ChalkInstance, width: number): string[] {
  const labels = weeks.map((week) => weekLabel(week.weekOf));
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const most = Math.max(1, ...weeks.map((week) => week.sessions));
  const countWidth = String(most).length;
  const room = Math.max(5, Math.min(LONGEST_BAR, width - labelWidth - countWidth - 4));
  const mark = style.level > 0 ? '█' : '#';
  return weeks.map((week, i) => {
    const length = week.sessions === 0 ? 0 : Math.max(1, Math.round((week.sessions / most) * room));
    const bar = style.cyan(mark.repeat(length)) + ' '.repeat(room - length);
    return `  ${labels[i]!.padStart(labelWidth)}  ${bar} ${String(week.sessions).padStart(countWidth)}`;
  });
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function focusWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours === 0 ? `${rest} min` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The rest of the stats in words, under the chart. */
export function statsInWords(stats: Stats, style: ChalkInstance): string[] {
  const score = stats.score === null
    ? 'no score yet (it counts sessions matched an hour before their start, once they end)'
    : `${style.bold(`${Math.round(stats.score * 100)} %`)} of your last ${plural(stats.scoredSessions, 'session')} attended`;
  return [
    `Completed:  ${plural(stats.completed, 'session')}, ${focusWords(stats.minutesFocused)} focused`,
    `Streak:     ${plural(stats.streak.current, 'day')} now, longest ${plural(stats.streak.longest, 'day')}`,
    `Attendance: ${score}`,
    `Missed:     ${plural(stats.noShows, 'no-show')}, ${plural(stats.lateCancels, 'late cancel')}`,
  ];
}
