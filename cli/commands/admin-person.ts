import type { CoworkClient } from '../client.js';
import { UsageError } from '../errors.js';

const LOOKS_LIKE_ID = /^[0-9a-f]{16}$/;

export interface NamedPerson {
  id: string;
  /** How the messages name them: `Ana <ana@example.com>`, or the id as given. */
  label: string;
}

/**
 * The person an admin names by email (any case) or by id. An email is looked up on the server
 * (admins only); an id is passed on, so the server's refusal (404) says when nobody has it.
 */
export async function resolveAdminTarget(client: CoworkClient, text: string): Promise<NamedPerson> {
  const wanted = text.trim();
  if (LOOKS_LIKE_ID.test(wanted)) return { id: wanted, label: wanted };
  if (!wanted.includes('@')) {
    throw new UsageError(`"${wanted}" is neither an email nor a person's id.`,
      'Name them by their email (e.g. ana@example.com) or by the id `cowork admin reports` shows.');
  }
  const { data } = await client.personByEmail(wanted);
  const person = data[0];
  if (!person) {
    throw new UsageError(`Nobody on this server has the email ${wanted}.`,
      'Check the spelling; `cowork admin reports` lists reported people with their emails and ids.');
  }
  return { id: person.id, label: `${person.name} <${person.email}>` };
}
