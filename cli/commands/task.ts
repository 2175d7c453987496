import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor } from '../render/session.js';
import { checkTask } from '../task-text.js';
import { spanWords } from '../time/words.js';
import { connect, findSession } from './context.js';

/** Sets what you will work on in a session (an empty text clears it); your partner sees it. */
export async function task(target: string, text: string, options: GlobalOptions): Promise<void> {
  const { client, now, words } = connect(options);
  checkTask(text);
  const session = await findSession(client, target);
  const updated = await client.setTask(session.id, text.trim() === '' ? null : text);
  const when = spanWords(new Date(updated.start), new Date(updated.end), words());
  say(updated.task === null ? `Task cleared for ${when}.` : `Task set for ${when}.`);
  if (options.json) return printJson(updated);
  printLine(describeSession(updated, viewFor(process.stdout, options, now())));
}
