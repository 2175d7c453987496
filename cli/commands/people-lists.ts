import { UsageError } from '../errors.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';
import { resolvePartner } from './partner-lookup.js';

/** `cowork fav [add|rm] <name|id>`, `cowork block|unblock <name|id>`, and the lists they keep. */
type List = 'favorites' | 'blocks';

async function show(list: List, options: GlobalOptions): Promise<void> {
  const { client } = connect(options);
  const { data } = await client.people(list);
  if (options.json) return printJson(data);
  if (data.length === 0) return say(list === 'favorites' ? 'No favourites yet: `cowork fav <name>` adds a past partner.' : 'You have blocked nobody.');
  for (const person of data) printLine(`${person.name}  ${person.id}`);
}

async function change(list: List, adding: boolean, who: string, options: GlobalOptions): Promise<void> {
  const { client, words } = connect(options);
  const person = await resolvePartner(client, who, words());
  if (adding) {
    const added = await client.addTo(list, person.id);
    if (options.json) printJson(added);
    say(list === 'favorites'
      ? `${added.name} is a favourite: preferred when pairing, and named in \`cowork slots\`.`
      : `Blocked ${added.name}: you will not be paired again, and future sessions together were re-paired.`);
    return;
  }
  await client.removeFrom(list, person.id);
  say(list === 'favorites' ? `${person.name} is no longer a favourite.` : `Unblocked ${person.name}.`);
}

export async function fav(action: string | undefined, who: string | undefined, options: GlobalOptions): Promise<void> {
  if (action === undefined) return show('favorites', options);
  if (who === undefined) {
    if (action === 'add' || action === 'rm') throw new UsageError(`Say whom: \`cowork fav ${action} <name|id>\`.`);
    return change('favorites', true, action, options);
  }
  if (action !== 'add' && action !== 'rm') throw new UsageError(`"${action}" is not add or rm.`, 'Usage: cowork fav [add|rm] <name|id>');
  return change('favorites', action === 'add', who, options);
}

export async function block(who: string | undefined, options: GlobalOptions): Promise<void> {
  return who === undefined ? show('blocks', options) : change('blocks', true, who, options);
}

export async function unblock(who: string, options: GlobalOptions): Promise<void> {
  return change('blocks', false, who, options);
}
