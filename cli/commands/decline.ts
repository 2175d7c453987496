import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor } from '../render/session.js';
import { tooLateToDecline } from '../render/too-late.js';
import { connect, findSession } from './context.js';

/** Leaves a match without penalty (until 10 minutes before the start); the session stays booked. */
export async function decline(target: string, options: GlobalOptions): Promise<void> {
  const { client, now } = connect(options);
  const session = await findSession(client, target);
  const tooLate = tooLateToDecline(session, viewFor(process.stderr, options, now()));
  if (tooLate) throw tooLate;
  const after = await client.decline(session.id);
  const left = session.partner ? `You left the match with ${session.partner.name}` : 'You left the match';
  say(`${left}; you will not be paired with them again for this slot, and nothing counts against you.`);
  if (options.json) return printJson(after);
  printLine(describeSession(after, viewFor(process.stdout, options, now())));
}
