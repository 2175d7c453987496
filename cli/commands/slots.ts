import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { slotLine } from '../render/slots.js';
import { parseDuration } from '../time/duration.js';
import { parseWhen } from '../time/when.js';
import { momentWords } from '../time/words.js';
import { parseLanguages } from '../languages.js';
import { connect } from './context.js';

export interface SlotsOptions extends GlobalOptions {
  duration?: string | undefined;
  language?: string | undefined;
}

const DAY_MS = 24 * 60 * 60_000;

/** The next 24 hours from `when` (default now): starts where someone you would be paired with waits. */
export async function slots(whenWords: string[], options: SlotsOptions): Promise<void> {
  const { client, now, words } = connect(options);
  const from = whenWords.length ? parseWhen(whenWords.join(' '), words()) : now();
  const to = new Date(from.getTime() + DAY_MS);
  const duration = options.duration === undefined ? undefined : parseDuration(options.duration);
  const languages = parseLanguages(options.language, '--language');
  const { data } = await client.slots({
    from: from.toISOString(), to: to.toISOString(), ...(duration === undefined ? {} : { duration }), ...(languages === undefined ? {} : { languages }),
  });
  if (options.json) return printJson(data);
  if (data.length === 0) {
    say(`Nobody you would be paired with is waiting between ${momentWords(from, words())} and ${momentWords(to, words())}.`);
    return;
  }
  for (const slot of data) printLine(slotLine(slot, words()));
}
