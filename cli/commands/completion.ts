import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { printLine } from '../output.js';
import { candidates } from '../completion/candidates.js';
import { bash, fish, zsh } from '../completion/scripts.js';
import type { ServerSource } from '../completion/sources.js';

/** `cowork completion <shell>`: the script that wires the shell to `cowork __complete`. */
export async function completion(shell: string): Promise<void> {
  const scripts: Record<string, () => string> = { bash, zsh, fish };
  const script = scripts[shell];
  if (!script) throw new UsageError(`No completion for "${shell}".`, 'Choose bash, zsh or fish.');
  printLine(script());
}

/** How long completion may wait for the server before offering what it has without it. */
const SERVER_WAIT_MS = 1_500;

async function ids(source: ServerSource, server: string | undefined): Promise<string[]> {
  const [{ connect }, { cliClock }] = await Promise.all([import('./context.js'), import('../clock.js')]);
  const { client } = connect({ server }, cliClock(), SERVER_WAIT_MS);
  if (source === 'routines') return (await client.routines()).data.map((r) => r.id);
  if (source === 'webhooks') return (await client.webhooks()).data.map((w) => w.id);
  return (await client.listPage({ limit: '50' })).data.map((s) => s.id);
}

/** `cowork __complete <index> <words…>`: one candidate per line, for the shell scripts above. */
export async function complete(program: Command, index: string, words: string[]): Promise<void> {
  const found = await candidates(program, words, Number(index), { ids });
  if (found.length > 0) printLine(found.join('\n'));
}
