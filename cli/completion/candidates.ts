import type { Argument, Command, Option } from 'commander';
import { FIXED, isServerSource, sourceOf, type ServerSource, type Source } from './sources.js';

/**
 * The words a shell may offer at the cursor, read from the commander program: sub-commands,
 * options (the command's and the global ones, anywhere on the line), choices, and values from
 * sources such as the person's session, routine and webhook ids. `words` is the line as the shell
 * splits it, with "cowork" first; `index` is the word under the cursor.
 */
export interface Candidate {
  word: string;
  /** Shown beside the word by the shells that can (zsh, fish): what the word is or does. */
  description?: string | undefined;
}

/** What to offer: these words, or the shell's own file names (an option that takes a path). */
export type Offer = { files: true } | { files: false; candidates: Candidate[] };

export interface Dynamic {
  /** The person's ids of this kind, from the server named on the line (or the one in force). */
  ids: (source: ServerSource, server: string | undefined) => Promise<Candidate[]>;
}

const hidden = (option: Option) => (option as Option & { hidden?: boolean }).hidden === true;
const longName = (option: Option) => option.long ?? option.short ?? '';
const takesValue = (option: Option) => option.required || option.optional;
const words = (list: string[]): Candidate[] => list.map((word) => ({ word }));

/**
 * The options in force at the end of the chain: the command's own and its ancestors' (commander
 * reads a global option anywhere on the line), except the program's version flag, which only
 * the bare `cowork --version` answers.
 */
function optionsOf(chain: Command[]): Candidate[] {
  const [program] = chain;
  const version = (program as Command & { _versionOptionName?: string })._versionOptionName;
  const options = chain.flatMap((command) => command.options
    .filter((o) => !hidden(o) && !(command === program && chain.length > 1 && o.attributeName() === version)));
  const seen = new Map<string, Candidate>();
  for (const option of options) seen.set(longName(option), { word: longName(option), description: option.description });
  seen.set('--help', { word: '--help', description: 'show help for the command' });
  return [...seen.values()];
}

function findOption(chain: Command[], word: string): Option | undefined {
  const name = word.split('=')[0];
  for (const command of [...chain].reverse()) {
    const found = command.options.find((o) => o.long === name || o.short === name);
    if (found) return found;
  }
  return undefined;
}

/** A clock time being typed (`14`, `14:`, `9:3`): the quarter hours it can become. */
function quarterHours(current: string): string[] {
  const typed = /^([01]?\d|2[0-3]):?\d?$/.exec(current);
  if (!typed) return [];
  return ['00', '15', '30', '45'].map((minutes) => `${typed[1]}:${minutes}`);
}

async function valuesOf(target: Argument | Option, dynamic: Dynamic, server: string | undefined, current: string): Promise<Offer> {
  const choices = (target as { argChoices?: string[] }).argChoices;
  if (choices) return { files: false, candidates: words(choices) };
  const source: Source | undefined = sourceOf(target);
  if (source === 'files') return { files: true };
  if (!source) return { files: false, candidates: [] };
  if (isServerSource(source)) {
    // No server, no login, a slow answer: offer what needs none rather than an error at the prompt.
    const ids = await dynamic.ids(source, server).catch(() => []);
    const next = { word: 'next', description: 'your next session' };
    return { files: false, candidates: source === 'sessions' ? [next, ...ids] : ids };
  }
  const fixed = words(FIXED[source] ?? []);
  return { files: false, candidates: source === 'whens' ? [...fixed, ...words(quarterHours(current))] : fixed };
}

async function offerAt(program: Command, words: string[], index: number, dynamic: Dynamic): Promise<Offer> {
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
      } else if (option?.long === '--server') server = word.slice(word.indexOf('=') + 1);
      continue;
    }
    const sub = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && positional === 0) chain.push(sub);
    else positional++;
  }
  const current = chain.at(-1)!;
  const cur = words[index] ?? '';
  const previous = findOption(chain, words[index - 1] ?? '');
  if (previous && takesValue(previous) && index - 1 >= 1 && !(words[index - 1] ?? '').includes('=')) {
    return valuesOf(previous, dynamic, server, cur);
  }
  if (cur.startsWith('-')) return { files: false, candidates: optionsOf(chain) };
  if (current.commands.length > 0 && positional === 0) {
    const visible = current.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
    return { files: false, candidates: visible.map((c) => ({ word: c.name(), description: c.description() })) };
  }
  const args = current.registeredArguments;
  const last = args.at(-1);
  const argument = args[positional] ?? (last?.variadic ? last : undefined);
  return argument ? valuesOf(argument, dynamic, server, cur) : { files: false, candidates: [] };
}

export async function candidates(program: Command, words: string[], index: number, dynamic: Dynamic): Promise<Offer> {
  const offer = await offerAt(program, words, index, dynamic);
  if (offer.files) return offer;
  const cur = words[index] ?? '';
  return { files: false, candidates: offer.candidates.filter((candidate) => candidate.word.startsWith(cur)) };
}
