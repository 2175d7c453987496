import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor } from '../render/session.js';
import { parseDuration } from '../time/duration.js';
import { parseWhen } from '../time/when.js';
import { spanWords } from '../time/words.js';
import { checkTask } from '../task-text.js';
import type { BookingBody, Session } from '../api-types.js';
import type { CoworkClient } from '../client.js';
import { nearbyStarts } from '../render/slots.js';
import type { TimeWords } from '../time/words.js';
import { connect } from './context.js';
import { resolvePartner } from './partner-lookup.js';
import { checkActivity } from './settings.js';
import { parseLanguages } from '../languages.js';

export interface BookOptions extends GlobalOptions {
  task?: string | undefined;
  activity?: string | undefined;
  quiet?: boolean | undefined;
  with?: string | undefined;
  language?: string | undefined;
  anyway?: boolean | undefined;
}

const NEARBY_MS = 2 * 60 * 60_000;

/** Books `<duration> <when>`; `when` may come as several words (`tomorrow 9:00` unquoted). */
export async function book(durationText: string, whenWords: string[], options: BookOptions): Promise<void> {
  const { client, now, words } = connect(options);
  const duration = parseDuration(durationText);
  const start = parseWhen(whenWords.join(' '), words());
  const end = new Date(start.getTime() + duration * 60_000);
  if (options.task !== undefined) checkTask(options.task);
  const activity = checkActivity(options.activity);
  const partner = options.with === undefined ? undefined : await resolvePartner(client, options.with, words());
  const body: BookingBody = {
    start: start.toISOString(),
    duration,
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(activity === undefined ? {} : { activity }),
    ...(options.quiet === undefined ? {} : { quiet: options.quiet }),
    ...(options.language === undefined ? {} : { languages: parseLanguages(options.language, '--language')! }),
    ...(partner === undefined ? {} : { partnerId: partner.id }),
    ...(options.anyway ? { ignoreBusy: true } : {}),
  };
  const session = await client.book(body);
  if (options.json) {
    printJson(session);
    say(`Booked ${spanWords(start, end, words())}.`);
  } else {
    printLine(describeSession(session, viewFor(process.stdout, options, now()), 'Booked'));
  }
  if (session.status === 'waiting') say(await whereOthersWait(client, session, words()));
}

/**
 * After a booking nobody was waiting for: the starts within two hours where someone waits who would
 * be paired with this booking (its activity, quiet and languages, not only the defaults), and that the person
 * could move it to (no overlap with their other sessions).
 */
async function whereOthersWait(client: CoworkClient, session: Session, words: TimeWords): Promise<string> {
  if (session.requestedPartner) return `${session.requestedPartner.name} has not booked this slot yet; you will be paired when they do.`;
  const start = Date.parse(session.start);
  const { data } = await client.slots({
    from: new Date(start - NEARBY_MS).toISOString(), to: new Date(start + NEARBY_MS).toISOString(), duration: session.duration,
    activity: session.activity, quiet: session.quiet, languages: session.languages, instead: session.id,
  });
  const elsewhere = data.filter((slot) => slot.start !== session.start);
  if (elsewhere.length === 0) return 'Nobody compatible is waiting nearby yet; you will be paired as soon as someone books this slot.';
  return `Nobody compatible is waiting at this start yet. Someone is at: ${nearbyStarts(elsewhere, words)}.`;
}
