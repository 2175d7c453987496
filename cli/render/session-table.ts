import type { Session } from '../api-types.js';
import { relativeWords, spanWords } from '../time/words.js';
import type { View } from './session.js';
import { renderTable } from './table.js';

/** The table of `cowork list`: one line per session, fitted to `width`; the id always stays. */
function starts(session: Session, view: View): string {
  if (session.status === 'cancelled') return '–';
  if (new Date(session.end) <= view.now) return 'over';
  if (new Date(session.start) <= view.now) return 'now';
  return relativeWords(new Date(session.start), view);
}

export function renderSessionTable(sessions: Session[], view: View, width: number): string {
  const { style } = view;
  const status = (text: string) => (text === 'matched' ? style.green(text) : text === 'waiting' ? style.yellow(text) : style.dim(text));
  return renderTable([
    { header: 'WHEN', cells: sessions.map((s) => spanWords(new Date(s.start), new Date(s.end), view, { short: true })) },
    { header: 'STARTS', cells: sessions.map((s) => starts(s, view)), give: { order: 3, drop: true } },
    { header: 'STATUS', cells: sessions.map((s) => s.status), paint: status },
    { header: 'PARTNER', cells: sessions.map((s) => s.partner?.name ?? '–'), give: { order: 4, min: 8, drop: true } },
    { header: 'YOUR TASK', cells: sessions.map((s) => s.task ?? '–'), give: { order: 1, min: 12, drop: true } },
    { header: 'THEIR TASK', cells: sessions.map((s) => s.partnerTask ?? '–'), give: { order: 0, min: 12, drop: true } },
    { header: 'ID', cells: sessions.map((s) => s.id), paint: (text) => style.dim(text) },
  ], width, (text) => style.bold(text));
}
