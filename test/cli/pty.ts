import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { COWORK_BIN } from '../helpers/server-process.js';
import type { CoworkEnv } from './run-cowork.js';

/**
 * `cowork` in a real pseudo-terminal (util-linux `script`), so @inquirer/prompts, raw mode, the live
 * countdown and Ctrl-C behave as they do for a person. Keys go in as a terminal sends them.
 */
export const KEY = { enter: '\r', ctrlC: '\x03' } as const;

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r/g;
const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export interface Terminal {
  /** Everything shown so far, without escape sequences. */
  screen(): string;
  /** Resolves once the screen, after what was already seen, matches. */
  expect(pattern: RegExp, what?: string): Promise<string>;
  type(keys: string): void;
  exit: Promise<number | null>;
}

export function inTerminal(who: CoworkEnv, args: string[], env: Record<string, string> = {}): Terminal {
  const command = [process.execPath, COWORK_BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'xterm', COLUMNS: '100', ...who.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let seen = 0;
  const screen = () => raw.replace(ANSI, '');
  return {
    screen,
    exit,
    type: (keys) => child.stdin.write(keys),
    async expect(pattern, what = String(pattern)) {
      for (let waited = 0; waited < 15_000; waited += 25) {
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
  };
}
