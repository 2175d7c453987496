import { InterruptedError, UsageError } from './errors.js';

/**
 * Asking the person at the terminal. Prompts appear only when stdin and stdout are both TTYs;
 * otherwise a missing value is a usage error naming the flag, so scripts fail fast instead of hanging.
 * Each answer is checked as it is given (`validate`), and a bad one is asked again with the reason.
 * @inquirer/prompts is loaded only when a prompt is really shown.
 */
export const isInteractive = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);

/** A check of one answer: true when good, else what is wrong with it. */
export type Check = (answer: string) => true | string;

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

export async function askText(message: string, flag: string, example: string, check?: Check): Promise<string> {
  if (!isInteractive()) throw missing(flag, example);
  const { input } = await import('@inquirer/prompts');
  return prompting(() => input({ message, required: true, ...(check ? { validate: check } : {}) }));
}

/** An answer that may be left empty; only asked on a terminal (callers check isInteractive). */
export async function askOptionalText(message: string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return prompting(() => input({ message }));
}

export async function askPassword(message: string, flag: string, check?: Check): Promise<string> {
  if (!isInteractive()) throw missing('The password', `it on standard input with ${flag}`);
  const { password } = await import('@inquirer/prompts');
  return prompting(() => password({ message, mask: '*', ...(check ? { validate: check } : {}) }));
}

/** A new password, typed twice; a second answer that differs starts both over. */
export async function askNewPassword(flag: string, check: Check): Promise<string> {
  for (;;) {
    const first = await askPassword('Password:', flag, check);
    const again = await askPassword('Password again:', flag);
    if (again === first) return first;
    process.stderr.write('The two passwords differ; type them again.\n');
  }
}

/**
 * Yes/no before something that cannot be undone; `--yes` is required when nobody can answer.
 * Resolves false when the person says No; the caller says what did not happen.
 */
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
