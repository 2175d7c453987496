import { setTimeout } from 'node:timers/promises';
import { InterruptedError } from './errors.js';
import { countdownWords } from './time/words.js';

/**
 * Waiting until a moment, leaving cleanly on Ctrl-C. On a terminal one line counts down in place;
 * otherwise a plain line is written now and then, which reads well in a log. A `watch` runs every
 * so often while waiting (re-reading a session, say) and may end the wait by throwing.
 */
export interface WaitDeps {
  now: () => Date;
  /** Resolves after `ms`, or rejects with InterruptedError on Ctrl-C. */
  sleep: (ms: number) => Promise<void>;
  write: (text: string) => void;
  live: boolean;
}

export interface Watch {
  /** Read after each check: how long until the next. */
  readonly everyMs: number;
  /** `say` prints a line above the countdown. */
  check: (say: (line: string) => void) => Promise<void>;
  /** Asked every second: true runs the check at once (something is known to have changed). */
  due?: () => boolean;
}

const PLAIN_EVERY_MS = 5 * 60_000;
const CLEAR_LINE = '\r\x1b[2K';

/**
 * Runs `work` with a sleep that Ctrl-C interrupts (rejecting with InterruptedError). One SIGINT
 * listener covers the whole run: swapping listeners per sleep would leave moments with none, when
 * Ctrl-C would kill the process outright.
 */
export async function withCtrlC<T>(work: (sleep: WaitDeps['sleep']) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  const sleep = async (ms: number) => {
    try {
      await setTimeout(ms, undefined, { signal: controller.signal });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw new InterruptedError();
      throw error;
    }
  };
  try {
    return await work(sleep);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** `label` reads "Join window opens"; `suffix` follows the countdown ("(Mon 7 Jan, 16:50)"). */
export async function waitUntil(target: Date, label: string, deps: WaitDeps, watch?: Watch, suffix = ''): Promise<void> {
  const left = () => target.getTime() - deps.now().getTime();
  const after = suffix ? ` ${suffix}` : '';
  let nextPlainAt = Number.POSITIVE_INFINITY;
  let nextCheckAt = deps.now().getTime() + (watch?.everyMs ?? Number.POSITIVE_INFINITY);
  const say = (line: string) => {
    deps.write(deps.live ? `${CLEAR_LINE}${line}\n` : `${line}\n`);
    nextPlainAt = Number.POSITIVE_INFINITY;
  };
  try {
    for (let ms = left(); ms > 0; ms = left()) {
      if (deps.live) {
        deps.write(`${CLEAR_LINE}${label} in ${countdownWords(ms)}${after} · Ctrl-C to leave`);
      } else if (ms <= nextPlainAt) {
        deps.write(`${label} in ${countdownWords(ms)}${after}.\n`);
        nextPlainAt = ms - PLAIN_EVERY_MS;
      }
      if (watch && (deps.now().getTime() >= nextCheckAt || watch.due?.())) {
        await watch.check(say);
        nextCheckAt = deps.now().getTime() + watch.everyMs;
      }
      await deps.sleep(Math.min(ms, 1000));
    }
  } finally {
    if (deps.live) deps.write(CLEAR_LINE);
  }
}
