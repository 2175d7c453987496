import type { Session } from '../api-types.js';
import { ApiError, CoworkClient } from '../client.js';
import { cliClock } from '../clock.js';
import { resolveSettings, type Settings } from '../config.js';
import { RefusedError } from '../errors.js';
import type { GlobalOptions } from '../output.js';
import { localeOf, type TimeWords } from '../time/words.js';
import { localZone } from '../time/zone.js';

/** What most commands start with: resolved settings, a client, the clock, and how to say times. */
export interface Context {
  settings: Settings;
  client: CoworkClient;
  now: () => Date;
  /** The person's zone, locale and the current time, for every time a command says. */
  words: () => TimeWords;
}

export function connect(options: GlobalOptions, now: () => Date = cliClock(), timeoutMs?: number): Context {
  const settings = resolveSettings(options);
  // Asking Intl for the zone loads ICU's zone data (~20 ms): done the first time a time is said,
  // so a command that says none (`list --json`) never pays for it.
  let place: { timeZone: string; locale: string } | undefined;
  const words = () => {
    place ??= { timeZone: localZone(), locale: localeOf() };
    return { now: now(), ...place };
  };
  return { settings, client: new CoworkClient({ ...settings, words, timeoutMs }), now, words };
}

/** `<id|next>` as commands accept it: a session id, or the word next. */
export async function findSession(client: CoworkClient, target: string): Promise<Session> {
  if (target !== 'next') return client.session(target);
  try {
    return await client.next();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new RefusedError('You have no upcoming session.', 'Book one with `cowork book 50m 14:00`.');
    }
    throw error;
  }
}
