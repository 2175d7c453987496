import type { ChalkInstance } from 'chalk';
import type { Session } from '../api-types.js';
import { relativeTime, slotInWords } from '../time/format.js';
import { localZone } from '../time/zone.js';
import { styleFor } from './style.js';

/** A session for people: when in words, how far away, who with, and both tasks. */
export interface View {
  now: Date;
  timeZone: string;
  style: ChalkInstance;
}

export function viewFor(stream: NodeJS.WriteStream, options: { color?: boolean | undefined }, now: Date): View {
  return { now, timeZone: localZone(), style: styleFor(stream, options.color) };
}

export function whenOf(session: Session, view: View): string {
  const start = new Date(session.start);
  const end = new Date(session.end);
  const slot = slotInWords(start, end, view.timeZone, view.now);
  if (end <= view.now) return `${slot} (over)`;
  if (start <= view.now) return `${slot} (started ${relativeTime(start, view.now)})`;
  return `${slot} (${relativeTime(start, view.now)})`;
}

export function statusText(session: Session, style: ChalkInstance): string {
  if (session.status === 'matched') return style.green(`matched with ${session.partner?.name ?? 'someone'}`);
  if (session.status === 'waiting') return style.yellow('waiting for a partner');
  return style.dim('cancelled');
}

export function describeSession(session: Session, view: View): string {
  const { style } = view;
  const lines = [`${style.bold(whenOf(session, view))} · ${statusText(session, style)}`];
  lines.push(`  your task: ${session.task ?? style.dim('(none; set one with `cowork task ' + session.id + ' "..."`)')}`);
  if (session.partner) lines.push(`  ${session.partner.name}'s task: ${session.partnerTask ?? style.dim('(none)')}`);
  lines.push(style.dim(`  id ${session.id}`));
  return lines.join('\n');
}
