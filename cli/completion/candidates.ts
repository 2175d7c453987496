import type { Argument, Command, Option } from 'commander';
import { FIXED, isServerSource, sourceOf, type ServerSource, type Source } from './sources.js';

/**
 * The words a shell may offer at the cursor, read from the commander program: sub-commands,
 * options (the command's and the global ones, anywhere on the line), choices, and values from
 * sources such as the person's session, routine and webhook ids. `words` is the line as the shell
 * splits it, with "cowork" first; `index` is the word under the cursor.
 */
export interface Dynamic {
  /** The person's ids of this kind, from the server named on the line (or the one in force). */
  ids: (source: ServerSource, server: string | undefined) => Promise<string[]>;
}

const visibleOptions = (command: Command): Option[] => command.options.filter((o) => !(o as Option & { hidden?: boolean }).hidden);
const longName = (option: Option) => option.long ?? option.short ?? '';
const takesValue = (option: Option) => option.required || option.optional;

function findOption(chain: Command[], word: string): Option | undefined {
  const name = word.split('=')[0];
  for (const command of [...chain].reverse()) {
    const found = command.options.find((o) => o.long === name || o.short === name);
    if (found) return found;
  }
  return undefined;
}

async function valuesOf(target: Argument | Option, dynamic: Dynamic, server: string | undefined): Promise<string[]> {
  const choices = (target as { argChoices?: string[] }).argChoices;
  if (choices) return choices;
  const source: Source | undefined = sourceOf(target);
  if (!source || source === 'files') return [];
  if (isServerSource(source)) {
    // No server, no login, a slow answer: offer what needs none rather than an error at the prompt.
    const ids = await dynamic.ids(source, server).catch(() => []);
    return source === 'sessions' ? ['next', ...ids] : ids;
  }
  return FIXED[source] ?? [];
}

export async function candidates(program: Command, words: string[], index: number, dynamic: Dynamic): Promise<string[]> {
  const chain: Command[] = [program];
  let positional = 0;
  let server: string | undefined;
  for (let i = 1; i < index; i++) {
    const word = words[i] ?? '';
    const current = chain.at(-1)!;
    if (word.startsWith('-')) {
      const option = findOption(chain, word);
      if (option && takesValue(option) && !word.includes('=')) {
        if (option.long === '--server') server = words[i + 1];
        i++;
      } else if (option?.long === '--server') server = word.split('=')[1];
      continue;
    }
    const sub = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && positional === 0) chain.push(sub);
    else positional++;
  }
  const current = chain.at(-1)!;
  const cur = words[index] ?? '';
  const previous = findOption(chain, words[index - 1] ?? '');
  let offered: string[];
  if (previous && takesValue(previous) && index - 1 >= 1 && !(words[index - 1] ?? '').includes('=')) {
    offered = await valuesOf(previous, dynamic, server);
  } else if (cur.startsWith('-')) {
    offered = [...new Set([...chain.flatMap(visibleOptions).map(longName), '--help'])];
  } else if (current.commands.length > 0 && positional === 0) {
    offered = current.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name());
  } else {
    const args = current.registeredArguments;
    const last = args.at(-1);
    const argument = args[positional] ?? (last?.variadic ? last : undefined);
    offered = argument ? await valuesOf(argument, dynamic, server) : [];
  }
  return offered.filter((word) => word.startsWith(cur));
}
