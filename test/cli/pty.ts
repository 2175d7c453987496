import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { COWORK_BIN } from '../helpers/server-process.js';
import type { CoworkEnv } from './run-cowork.js';

/**
 * `cowork` in a real pseudo-terminal (util-linux `script`), so @inquirer/prompts, raw mode, the live
 * countdown and Ctrl-C behave as they do for a person. Keys go in as a terminal sends them.
 * Every wait is bounded, so a prompt that never comes fails the test instead of hanging it.
 */
export const KEY = { enter: '\r', ctrlC: '\x03' } as const;

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r/g;
const WAIT_MS = 15_000;
const COLUMNS = 100;
const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export interface Terminal {
  /** Everything shown so far, without escape sequences. */
  screen(): string;
  /** Resolves once the screen, after what was already seen, matches. */
  expect(pattern: RegExp, what?: string): Promise<string>;
  type(keys: string): void;
  /** The exit code once the command ends; rejects (and closes the terminal) if it is still running after 15 s. */
  exited(): Promise<number | null>;
}

const open = new Set<ChildProcess>();

/**
 * Ends every terminal still open, as a failed expectation leaves them (for `after`), so the test
 * file can exit. SIGTERM, not SIGKILL: `script` passes it on to the cowork inside and waits for it.
 */
export function closeTerminals(): void {
  for (const child of open) child.kill('SIGTERM');
}

export function inTerminal(who: CoworkEnv, args: string[], env: Record<string, string> = {}): Terminal {
  // The terminal is as wide as COLUMNS says, so a long question is not wrapped at 80 columns.
  const command = `stty cols ${COLUMNS} rows 40; exec ${[process.execPath, COWORK_BIN, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'xterm', COLUMNS: String(COLUMNS), ...who.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  open.add(child);
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => {
    open.delete(child);
    resolve(code);
  }));
  let seen = 0;
  const screen = () => raw.replace(ANSI, '');
  return {
    screen,
    type: (keys) => child.stdin.write(keys),
    async expect(pattern, what = String(pattern)) {
      for (let waited = 0; waited < WAIT_MS; waited += 25) {
        const rest = screen().slice(seen);
        const match = pattern.exec(rest);
        if (match) {
          seen += match.index + match[0].length;
          return match[0];
        }
        if (child.exitCode !== null) break;
        await delay(25);
      }
      throw new Error(`the terminal never showed ${what}; it shows:\n${screen()}`);
    },
    async exited() {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'still running'>((resolve) => (timer = setTimeout(resolve, WAIT_MS, 'still running')));
      const outcome = await Promise.race([closed, late]);
      clearTimeout(timer);
      if (outcome !== 'still running') return outcome;
      child.kill('SIGTERM');
      throw new Error(`the command was still running after ${WAIT_MS / 1000} s; the terminal shows:\n${screen()}`);
    },
  };
}
