import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { printLine, say } from '../output.js';
import { candidates, type Candidate } from '../completion/candidates.js';
import { formatOffer, type Shell } from '../completion/format.js';
import { wordsOfLine } from '../completion/line.js';
import { bash, fish, zsh, type Wiring } from '../completion/scripts.js';
import type { ServerSource } from '../completion/sources.js';

const SCRIPTS: Record<Shell, (wiring: Wiring) => string> = { bash, zsh, fish };
const isShell = (name: string): name is Shell => Object.hasOwn(SCRIPTS, name);
const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Whether the shell can run `cowork` by name. A node_modules/.bin folder does not count: npx and
 * npm scripts put it on the PATH of what they run, not on the shell's.
 */
function coworkOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(delimiter).filter((dir) => dir && !dir.endsWith(join('node_modules', '.bin'))).some((dir) => {
    try {
      accessSync(join(dir, 'cowork'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * `cowork completion <shell>`: the script that wires the shell to `cowork __complete`. When cowork
 * is not on the PATH (run through npx), the script calls this very cowork by its full path and
 * also completes `npx cowork …`, and stderr says how to put `cowork` on the PATH.
 */
export async function completion(shell: string): Promise<void> {
  if (!isShell(shell)) throw new UsageError(`No completion for "${shell}".`, 'Choose bash, zsh or fish.');
  if (coworkOnPath()) return printLine(SCRIPTS[shell]({ run: 'cowork', npx: false }));
  const run = [process.execPath, realpathSync(process.argv[1] ?? 'cowork')].map(quote).join(' ');
  printLine(SCRIPTS[shell]({ run, npx: true }));
  say('`cowork` is not on your PATH, so this script completes `npx cowork …` lines.');
  say('To type just `cowork`, put it on your PATH: `npm link` in the clone (or `npm install -g .` there), then load completion again.');
}

/** How long completion may wait for the server before offering what it has without it. */
const SERVER_WAIT_MS = 1_500;

async function ids(source: ServerSource, server: string | undefined): Promise<Candidate[]> {
  const [{ connect }, { cliClock }, { spanWords }, { routineLine }] = await Promise.all([
    import('./context.js'), import('../clock.js'), import('../time/words.js'), import('../render/routine.js'),
  ]);
  const { client, words } = connect({ server }, cliClock(), SERVER_WAIT_MS);
  if (source === 'routines') return (await client.routines()).data.map((r) => ({ word: r.id, description: routineLine(r) }));
  if (source === 'webhooks') return (await client.webhooks()).data.map((w) => ({ word: w.id, description: `${w.url} · ${w.events.join(', ')}` }));
  return (await client.listPage({ limit: '50' })).data.map((s) => {
    const who = s.partner ? `with ${s.partner.name}` : `waiting for ${s.requestedPartner?.name ?? 'a partner'}`;
    return { word: s.id, description: `${spanWords(new Date(s.start), new Date(s.end), words(), { short: true })} · ${who}` };
  });
}

/**
 * `cowork __complete <shell> -- <line> <wordbreaks>` (bash: the line up to the cursor) or
 * `cowork __complete <shell> -- <index> <words…>` (zsh, fish: the words and the cursor's word).
 * A line that starts `npx cowork` is read from cowork on; another `npx` line gets file names.
 */
export async function complete(program: Command, shell: string, args: string[]): Promise<void> {
  if (!isShell(shell)) throw new UsageError(`No completion for "${shell}".`, 'Choose bash, zsh or fish.');
  const [first = '', ...rest] = args;
  let words = shell === 'bash' ? wordsOfLine(first) : rest;
  let index = shell === 'bash' ? words.length - 1 : Number(first);
  const wordBreaks = shell === 'bash' ? rest[0] ?? '' : '';
  if (words[0] === 'npx') {
    if (words[1] !== 'cowork' || index < 2) return printLine(formatOffer(shell, { files: true }, ''));
    words = words.slice(1);
    index -= 1;
  }
  const offer = await candidates(program, words, index, { ids });
  printLine(formatOffer(shell, offer, words[index] ?? '', wordBreaks));
}
