import type { Partner, PersonRef } from '../api-types.js';
import type { CoworkClient } from '../client.js';
import { UsageError } from '../errors.js';
import { momentWords, type TimeWords } from '../time/words.js';

const LOOKS_LIKE_ID = /^[0-9a-f]{16}$/;

/**
 * A partner named on the command line, by id or by name as `cowork list` shows it (any case).
 * Two partners with that name: exit 2 listing both with their ids. An id that is no partner is
 * passed on, so the server's refusal (404, exit 3) says why.
 */
export async function resolvePartner(client: CoworkClient, text: string, words: TimeWords): Promise<PersonRef> {
  const wanted = text.trim();
  const { data: partners } = await client.partners();
  const byId = partners.find((p) => p.id === wanted);
  if (byId) return { id: byId.id, name: byId.name };
  const named = partners.filter((p) => p.name.toLocaleLowerCase() === wanted.toLocaleLowerCase());
  if (named.length === 1) return { id: named[0]!.id, name: named[0]!.name };
  if (named.length > 1) {
    throw new UsageError(`${named.length} partners are named ${wanted}:\n${named.map((p) => `  ${describe(p, words)}`).join('\n')}`, 'Name one by its id.');
  }
  if (LOOKS_LIKE_ID.test(wanted)) return { id: wanted, name: wanted };
  throw new UsageError(`You have no partner named "${wanted}".`, '`cowork partners` lists the people you have been paired with.');
}

function describe(partner: Partner, words: TimeWords): string {
  return `${partner.name}  ${partner.id}  (last together ${momentWords(new Date(partner.lastSession.start), words)})`;
}
