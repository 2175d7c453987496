import { InterruptedError } from '../errors.js';
import { confirmOrRequireYes } from '../interaction.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor, whenOf } from '../render/session.js';
import { connect, findSession } from './context.js';

export interface CancelOptions extends GlobalOptions {
  yes?: boolean | undefined;
}

/** Cancels a session after a confirmation (or --yes); a matched partner goes back to waiting. */
export async function cancel(target: string, options: CancelOptions): Promise<void> {
  const { client, now } = connect(options);
  const session = await findSession(client, target);
  const view = viewFor(process.stderr, options, now());
  const partner = session.partner ? ` with ${session.partner.name}` : '';
  if (!(await confirmOrRequireYes(`Cancel ${whenOf(session, view)}${partner}?`, options.yes))) throw new InterruptedError();
  const cancelled = await client.cancel(session.id);
  if (options.json) {
    printJson(cancelled);
    say(`Cancelled ${whenOf(cancelled, view)}.`);
    return;
  }
  printLine(`Cancelled ${describeSession(cancelled, viewFor(process.stdout, options, now()))}`);
  if (session.partner) say(`${session.partner.name} is back to waiting and will be paired with someone else if possible.`);
}
