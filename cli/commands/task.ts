import { printJson, printLine, type GlobalOptions } from '../output.js';
import { describeSession, viewFor } from '../render/session.js';
import { connect, findSession } from './context.js';

/** Sets what you will work on in a session (an empty text clears it); your partner sees it. */
export async function task(target: string, text: string, options: GlobalOptions): Promise<void> {
  const { client, now } = connect(options);
  const session = await findSession(client, target);
  const updated = await client.setTask(session.id, text.trim() === '' ? null : text);
  if (options.json) return printJson(updated);
  printLine(describeSession(updated, viewFor(process.stdout, options, now())));
}
