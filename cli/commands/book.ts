import { ApiError } from '../client.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor } from '../render/session.js';
import { parseDuration } from '../time/duration.js';
import { slotInWords } from '../time/format.js';
import { parseWhen } from '../time/when.js';
import { localZone } from '../time/zone.js';
import { connect } from './context.js';

export interface BookOptions extends GlobalOptions {
  task?: string | undefined;
}

/** Books `<duration> <when>`; `when` may come as several words (`tomorrow 9:00` unquoted). */
export async function book(durationText: string, whenWords: string[], options: BookOptions): Promise<void> {
  const { client, now } = connect(options);
  const duration = parseDuration(durationText);
  const timeZone = localZone();
  const start = parseWhen(whenWords.join(' '), now(), timeZone);
  const end = new Date(start.getTime() + duration * 60_000);
  let session;
  try {
    session = await client.book({ start: start.toISOString(), duration, ...(options.task === undefined ? {} : { task: options.task }) });
  } catch (error) {
    const clash = error instanceof ApiError ? error.problem.conflictingSession : undefined;
    if (!(error instanceof ApiError) || !clash) throw error;
    const words = slotInWords(new Date(clash.start), new Date(clash.end), timeZone, now());
    throw new ApiError(error.status, error.problem, error.exitCode,
      `It overlaps your session ${words} (id ${clash.id}); pick another time or \`cowork cancel ${clash.id}\`.`);
  }
  if (options.json) {
    printJson(session);
    say(`Booked ${slotInWords(start, end, timeZone, now())}.`);
    return;
  }
  printLine(`Booked ${describeSession(session, viewFor(process.stdout, options, now()))}`);
}
