import type { Session } from '../api-types.js';
import { relativeWords, spanWords } from '../time/words.js';
import type { View } from './session.js';
import { renderTable } from './table.js';

/**
 * The table of `cowork list`: one line per session, fitted to `width`; the id always stays, and so
 * does whom the session is with, said shorter as room runs out ("matched with Ben", "with Ben", "Ben").
 */
function starts(session: Session, view: View): string {
  if (session.status === 'cancelled') return '–';
  if (new Date(session.end) <= view.now) return 'over';
  if (new Date(session.start) <= view.now) return 'now';
  return relativeWords(new Date(session.start), view);
}

/** The status with whom: the full words, then shorter ways to say them. */
function withWhom(session: Session): [string, string[]] {
  const partner = session.partner?.name;
  const asked = session.requestedPartner?.name;
  if (session.status === 'matched' && partner) return [`matched with ${partner}`, [`with ${partner}`, partner]];
  // Cut last as "for Bartho…", never as the bare name a match shows.
  if (session.status === 'waiting' && asked) return [`waiting for ${asked}`, [`for ${asked}`]];
  return [session.status, []];
}

export function renderSessionTable(sessions: Session[], view: View, width: number): string {
  const { style } = view;
  const paints: Record<Session['status'], (text: string) => string> = { matched: style.green, waiting: style.yellow, cancelled: style.dim };
  const status = sessions.map(withWhom);
  return renderTable([
    { header: 'WHEN', cells: sessions.map((s) => spanWords(new Date(s.start), new Date(s.end), view, { short: true })) },
    { header: 'STARTS', cells: sessions.map((s) => starts(s, view)), give: { order: 3, drop: true } },
    {
      header: 'STATUS', cells: status.map(([full]) => full), shorter: status.map(([, forms]) => forms),
      give: { order: 4, min: 9 }, paint: (text, row) => paints[sessions[row]!.status](text),
    },
    { header: 'YOUR TASK', cells: sessions.map((s) => s.task ?? '–'), give: { order: 1, min: 12, drop: true } },
    { header: 'THEIR TASK', cells: sessions.map((s) => s.partnerTask ?? '–'), give: { order: 0, min: 12, drop: true } },
    { header: 'ID', cells: sessions.map((s) => s.id), paint: (text) => style.dim(text) },
  ], width, (text) => style.bold(text));
}
