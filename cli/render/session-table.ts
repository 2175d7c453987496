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
    { header: 'WHEN', cells: sessions.map((s) => spanWords(new Date(s.start), new Date(s.end), view)) },
    { header: 'STARTS', cells: sessions.map((s) => starts(s, view)), dropRank: 3 },
    { header: 'STATUS', cells: sessions.map((s) => s.status), paint: status },
    { header: 'PARTNER', cells: sessions.map((s) => s.partner?.name ?? '–'), flex: { min: 8 }, dropRank: 2 },
    { header: 'YOUR TASK', cells: sessions.map((s) => s.task ?? '–'), flex: { min: 12 }, dropRank: 1 },
    { header: 'THEIR TASK', cells: sessions.map((s) => s.partnerTask ?? '–'), flex: { min: 12 }, dropRank: 0 },
    { header: 'ID', cells: sessions.map((s) => s.id), paint: (text) => style.dim(text) },
  ], width, (text) => style.bold(text));
}
