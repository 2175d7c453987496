import type { Session } from '../api-types.js';
import { ApiError, CoworkClient } from '../client.js';
import { cliClock } from '../clock.js';
import { resolveSettings, type Settings } from '../config.js';
import { RefusedError } from '../errors.js';
import type { GlobalOptions } from '../output.js';

/** What most commands start with: resolved settings, a client, and the clock. */
export interface Context {
  settings: Settings;
  client: CoworkClient;
  now: () => Date;
}

export function connect(options: GlobalOptions): Context {
  const settings = resolveSettings(options);
  return { settings, client: new CoworkClient(settings), now: cliClock() };
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
