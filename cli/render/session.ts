import type { ChalkInstance } from 'chalk';
import type { Session } from '../api-types.js';
import { localeOf, relativeWords, spanWords, type TimeWords } from '../time/words.js';
import { localZone } from '../time/zone.js';
import { styleFor } from './style.js';

/** A session for people: when in words, how far away, who with, and both tasks. */
export interface View extends TimeWords {
  style: ChalkInstance;
}

export function viewFor(stream: NodeJS.WriteStream, options: { color?: boolean | undefined }, now: Date): View {
  return { now, timeZone: localZone(), locale: localeOf(), style: styleFor(stream, options.color) };
}

/** "Mon 7 Jan, 16:00–16:50 (in 1 h 5 min)"; a cancelled or past session says no distance. */
export function whenOf(session: Session, view: View): string {
  const start = new Date(session.start);
  const end = new Date(session.end);
  const note = end <= view.now ? 'over'
    : session.status === 'cancelled' ? undefined
    : start <= view.now ? `started ${relativeWords(start, view)}`
    : relativeWords(start, view);
  return spanWords(start, end, view, { note });
}

export function statusText(session: Session, style: ChalkInstance): string {
  if (session.status === 'matched') return style.green(`matched with ${session.partner?.name ?? 'someone'}`);
  if (session.status === 'waiting') return style.yellow(`waiting for ${session.requestedPartner?.name ?? 'a partner'}`);
  return style.dim('cancelled');
}

/** The session in a few lines; `lead` ("Booked") replaces the status word it would repeat. */
export function describeSession(session: Session, view: View, lead?: string): string {
  const { style } = view;
  const cancelled = session.status === 'cancelled';
  const head = lead && cancelled ? `${lead} ${style.bold(whenOf(session, view))}` : `${lead ? `${lead} ` : ''}${style.bold(whenOf(session, view))} · ${statusText(session, style)}`;
  const lines = [head];
  const preferences = [session.activity === 'anything' ? '' : session.activity, session.quiet ? 'quiet' : '', session.languages.join(', ')].filter(Boolean);
  if (preferences.length) lines.push(`  ${preferences.join(' · ')}`);
  const open = !cancelled && new Date(session.end) > view.now;
  const hint = open ? `(none; set one with \`cowork task ${session.id} "..."\`)` : '(none)';
  lines.push(`  your task: ${session.task ?? style.dim(hint)}`);
  if (session.partner) lines.push(`  ${session.partner.name}'s task: ${session.partnerTask ?? style.dim('(none)')}`);
  lines.push(style.dim(`  id ${session.id}`));
  return lines.join('\n');
}
