import type { Session } from '../api-types.js';
import { RefusedError } from '../errors.js';
import { whenOf, type View } from './session.js';

/**
 * What is left to do once it is too late to cancel (from the start, SPEC §2) or to decline (from
 * the join window, 10 minutes before it, SPEC §7): said before asking the server or the person,
 * so `cancel` and `decline` never send one to the other when neither can help any more.
 */
const JOIN_EARLY_MS = 10 * 60_000;

function afterStart(session: Session, view: View): RefusedError {
  const when = whenOf(session, view);
  const partner = session.status === 'matched' ? session.partner?.name : undefined;
  const message = `Your session ${partner ? `with ${partner}, ` : ''}${when}${partner ? ',' : ''} can no longer be cancelled or declined.`;
  if (new Date(session.end) <= view.now) return new RefusedError(message, `Book another with \`cowork book ${session.duration}m now\`.`);
  if (!partner) {
    return new RefusedError(message,
      'Nobody was paired with you at its start, so just not joining counts for nothing. Or join with `cowork next`: someone may still book it now.');
  }
  return new RefusedError(message,
    `Join with \`cowork next\`, or stay away (a missed match counts as a no-show in \`cowork stats\`). If ${partner} does not come, the call page pairs you with someone else from 5 minutes after the start, or \`cowork report ${session.id} --reason no-show\`.`);
}

/** Why `cancel` cannot help with this session any more, or undefined while it can. */
export function tooLateToCancel(session: Session, view: View): RefusedError | undefined {
  return new Date(session.start) <= view.now ? afterStart(session, view) : undefined;
}

/** Why `decline` cannot help with this match any more, or undefined while it can (the server judges the rest). */
export function tooLateToDecline(session: Session, view: View): RefusedError | undefined {
  if (new Date(session.start) <= view.now) return afterStart(session, view);
  if (session.status !== 'matched' || new Date(session.start).getTime() - JOIN_EARLY_MS > view.now.getTime()) return undefined;
  return new RefusedError(`The join window of ${whenOf(session, view)} is open: a match can be declined only until 10 minutes before the start.`,
    `You can still cancel it, as a late cancel: \`cowork cancel ${session.id}\`. Or join with \`cowork next\`.`);
}
