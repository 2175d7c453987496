import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor } from '../render/session.js';
import { parseDuration } from '../time/duration.js';
import { parseWhen } from '../time/when.js';
import { spanWords } from '../time/words.js';
import { checkTask } from '../task-text.js';
import { connect } from './context.js';

export interface BookOptions extends GlobalOptions {
  task?: string | undefined;
}

/** Books `<duration> <when>`; `when` may come as several words (`tomorrow 9:00` unquoted). */
export async function book(durationText: string, whenWords: string[], options: BookOptions): Promise<void> {
  const { client, now, words } = connect(options);
  const duration = parseDuration(durationText);
  const start = parseWhen(whenWords.join(' '), words());
  const end = new Date(start.getTime() + duration * 60_000);
  if (options.task !== undefined) checkTask(options.task);
  const session = await client.book({ start: start.toISOString(), duration, ...(options.task === undefined ? {} : { task: options.task }) });
  if (options.json) {
    printJson(session);
    say(`Booked ${spanWords(start, end, words())}.`);
    return;
  }
  printLine(describeSession(session, viewFor(process.stdout, options, now()), 'Booked'));
}
