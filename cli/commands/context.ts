import type { Session } from '../api-types.js';
import { ApiError, CoworkClient } from '../client.js';
import { cliClock } from '../clock.js';
import { resolveSettings, type Settings } from '../config.js';
import { RefusedError } from '../errors.js';
import type { GlobalOptions } from '../output.js';
import { styleFor } from '../render/style.js';
import type { View } from '../render/session.js';
import { localZone } from '../time/zone.js';

/** What most commands start with: resolved settings, a client, and a way to show times. */
export interface Context {
  settings: Settings;
  client: CoworkClient;
  now: () => Date;
}

export function connect(options: GlobalOptions): Context {
  const settings = resolveSettings(options);
  return { settings, client: new CoworkClient(settings), now: cliClock() };
}

export function viewFor(stream: NodeJS.WriteStream, options: GlobalOptions, now: Date): View {
  return { now, timeZone: localZone(), style: styleFor(stream, options.color) };
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
