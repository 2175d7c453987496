import type { Session } from '../api-types.js';
import { momentWords, spanWords, type TimeWords } from '../time/words.js';

/** A live event as the stream's `data:` carries it: the webhook's body (SPEC §12). */
export interface LiveEvent {
  id: string;
  type: string;
  createdAt: string;
  data: { session?: Session; reason?: string; start?: string; routineId?: string };
}

/** Why a session waits again, as the person left waiting hears it (api/storage/outbox.ts UnmatchReason). */
const UNMATCHED_BECAUSE: Record<string, string> = {
  'partner-cancelled': 'your partner cancelled',
  'partner-declined': 'your partner declined the match',
  'partner-unavailable': 'your partner is no longer available',
  'partner-no-show': 'your partner did not come',
  'no-show': 'you did not come, so your partner was rematched',
};

/** Why a routine did not book (README "Routines"). */
const SKIPPED_BECAUSE: Record<string, string> = {
  overlap: 'you already have a session then',
  'dst-gap': 'the clocks skip that time',
  limit: 'you are at your limit of sessions ahead',
  suspended: 'your account is suspended',
};

const withTask = (name: string, task: string | null) => (task ? `${name} ("${task}")` : name);

/** One line in words per event, for `cowork watch`: what happened, to which session, and what to do. */
export function eventLine(event: LiveEvent, words: TimeWords): string {
  const session = event.data.session;
  const span = session ? spanWords(new Date(session.start), new Date(session.end), words) : '';
  const partner = session?.partner ? withTask(session.partner.name, session.partnerTask) : 'your partner';
  switch (event.type) {
    case 'session.matched':
      return `Matched: ${span} with ${partner}.`;
    case 'session.unmatched':
      return `Unmatched: ${span}: ${UNMATCHED_BECAUSE[event.data.reason ?? ''] ?? event.data.reason ?? 'your partner left'}; waiting for someone else.`;
    case 'session.starting':
      return `Starting: ${span} with ${partner}; join with \`cowork next\`.`;
    case 'session.cancelled':
      return `Cancelled: ${span}.`;
    case 'routine.skipped': {
      const when = event.data.start ? momentWords(new Date(event.data.start), words) : 'an occurrence';
      return `Routine skipped ${when}: ${SKIPPED_BECAUSE[event.data.reason ?? ''] ?? event.data.reason ?? 'not booked'}.`;
    }
    default:
      return `${event.type}${span ? `: ${span}` : ''}.`;
  }
}
