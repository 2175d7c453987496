import ical, { ICalAlarmType, ICalEventStatus } from 'ical-generator';
import type { FeedSession } from '../storage/calendar.js';

const STATUS = { waiting: ICalEventStatus.TENTATIVE, matched: ICalEventStatus.CONFIRMED, cancelled: ICalEventStatus.CANCELLED } as const;
const REMINDER_SECONDS = 10 * 60;

function summary(session: FeedSession): string {
  if (session.status === 'cancelled') return 'Coworking (cancelled)';
  return session.partner ? `Coworking with ${session.partner.name}` : 'Coworking (waiting for a partner)';
}

function description(session: FeedSession): string {
  const lines = [`Your task: ${session.task ?? '(none yet)'}`];
  if (session.partner) lines.push(`${session.partner.name}'s task: ${session.partnerTask ?? '(none yet)'}`);
  lines.push(`Join with: cowork next (session ${session.id})`);
  return lines.join('\n');
}

/**
 * A TEXT value as RFC 5545 §3.3.11 writes it. ical-generator 10.2 escapes an event's SUMMARY and
 * DESCRIPTION but writes the calendar's NAME and X-WR-CALNAME as given, so a name holding a newline
 * would start a property of its own.
 */
function icsText(text: string): string {
  return text.replace(/[\\;,]/g, (character) => `\\${character}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * The person's sessions as RFC 5545 (SPEC §9): a stable UID per session, its status, a SEQUENCE that
 * grows with every change shown, and a reminder 10 minutes before. Nothing in it depends on when it
 * is built, so an unchanged feed keeps its ETag.
 */
export function buildFeed(name: string, sessions: FeedSession[]): string {
  const calendar = ical({ name: icsText(`cowork: ${name}`), prodId: { company: 'cowork', product: 'sessions', language: 'EN' }, ttl: 15 * 60 });
  for (const session of sessions) {
    calendar.createEvent({
      // Not the server's host name: the UID must survive a move to another address.
      id: `${session.id}@cowork`,
      start: new Date(session.start),
      end: new Date(session.end),
      stamp: new Date(session.stamp),
      summary: summary(session),
      description: description(session),
      status: STATUS[session.status],
      sequence: session.version,
      alarms: session.status === 'cancelled' ? [] : [{ type: ICalAlarmType.display, triggerBefore: REMINDER_SECONDS, description: summary(session) }],
    });
  }
  return calendar.toString();
}
