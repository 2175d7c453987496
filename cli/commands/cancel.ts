import { DeclinedError } from '../errors.js';
import { confirmOrRequireYes } from '../interaction.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor, whenOf } from '../render/session.js';
import { tooLateToCancel } from '../render/too-late.js';
import { connect, findSession } from './context.js';

export interface CancelOptions extends GlobalOptions {
  yes?: boolean | undefined;
}

/** SPEC §2: cancelling a matched session within this long before its start counts as late. */
const LATE_CANCEL_MS = 60 * 60_000;

/** Cancels a session after a confirmation (or --yes); a matched partner goes back to waiting. */
export async function cancel(target: string, options: CancelOptions): Promise<void> {
  const { client, now } = connect(options);
  const session = await findSession(client, target);
  const view = viewFor(process.stderr, options, now());
  if (session.status === 'cancelled') {
    say(`${whenOf(session, view)} is already cancelled.`);
    if (options.json) printJson(session);
    return;
  }
  const tooLate = tooLateToCancel(session, view);
  if (tooLate) throw tooLate;
  const partner = session.partner ? ` with ${session.partner.name}` : '';
  const late = session.status === 'matched' && new Date(session.start).getTime() - now().getTime() < LATE_CANCEL_MS;
  if (late && !options.yes) say(view.style.yellow(`It starts within the hour: cancelling now counts as a late cancel, and ${session.partner?.name ?? 'your partner'} is left to find someone else.`));
  if (!(await confirmOrRequireYes(`Cancel ${whenOf(session, view)}${partner}?`, options.yes))) throw new DeclinedError('Nothing cancelled.');
  const cancelled = await client.cancel(session.id);
  if (options.json) {
    printJson(cancelled);
    say(`Cancelled ${whenOf(cancelled, view)}${late ? ' (a late cancel)' : ''}.`);
    return;
  }
  printLine(describeSession(cancelled, viewFor(process.stdout, options, now()), 'Cancelled'));
  if (late) say('This counts as a late cancel.');
  if (session.partner) say(`${session.partner.name} is back to waiting and will be paired with someone else if possible.`);
}
