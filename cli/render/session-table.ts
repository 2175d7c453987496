import type { Session } from '../api-types.js';
import { relativeTime, slotInWords } from '../time/format.js';
import type { View } from './session.js';

/** The compact table of `cowork list`: one line per session, aligned, tasks shortened. */
const TASK_WIDTH = 28;

const shorten = (text: string | null, width: number) =>
  text === null ? '–' : text.length <= width ? text : `${text.slice(0, width - 1)}…`;

const visibleLength = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;
const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - visibleLength(text)));

function relative(session: Session, now: Date): string {
  const start = new Date(session.start);
  if (new Date(session.end) <= now) return 'over';
  if (start <= now) return 'now';
  return relativeTime(start, now);
}

export function renderSessionTable(sessions: Session[], view: View): string {
  const { style } = view;
  const header = ['WHEN', 'STARTS', 'STATUS', 'PARTNER', 'YOUR TASK', 'THEIR TASK', 'ID'];
  const rows = sessions.map((s) => [
    slotInWords(new Date(s.start), new Date(s.end), view.timeZone, view.now),
    relative(s, view.now),
    s.status === 'matched' ? style.green(s.status) : s.status === 'waiting' ? style.yellow(s.status) : style.dim(s.status),
    s.partner?.name ?? '–',
    shorten(s.task, TASK_WIDTH),
    shorten(s.partnerTask, TASK_WIDTH),
    style.dim(s.id),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => visibleLength(row[i] ?? ''))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : padEnd(cell, widths[i] ?? 0))).join('  ');
  return [style.bold(line(header)), ...rows.map(line)].join('\n');
}
