import { InterruptedError, UsageError } from './errors.js';

/**
 * Asking the person at the terminal. Prompts appear only when stdin and stdout are both TTYs;
 * otherwise a missing value is a usage error naming the flag, so scripts fail fast instead of hanging.
 * @inquirer/prompts is loaded only when a prompt is really shown.
 */
export const isInteractive = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);

function missing(flag: string, example: string): UsageError {
  return new UsageError(`${flag} is missing.`, `Pass ${example}; prompts are shown only on a terminal.`);
}

async function prompting<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new InterruptedError();
    throw error;
  }
}

export async function askText(message: string, flag: string, example: string): Promise<string> {
  if (!isInteractive()) throw missing(flag, example);
  const { input } = await import('@inquirer/prompts');
  return prompting(() => input({ message, required: true }));
}

export async function askPassword(message: string, flag: string): Promise<string> {
  if (!isInteractive()) throw missing('The password', `it on standard input with ${flag}`);
  const { password } = await import('@inquirer/prompts');
  return prompting(() => password({ message, mask: '*' }));
}

/** Yes/no before something that cannot be undone; `--yes` is required when nobody can answer. */
export async function confirmOrRequireYes(message: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!isInteractive()) throw new UsageError('Refusing to do this without confirmation.', 'Add --yes to confirm when not on a terminal.');
  const { confirm } = await import('@inquirer/prompts');
  return prompting(() => confirm({ message, default: false }));
}

/** All of standard input, without the line break that `echo` adds (for --password-stdin). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
