import { setTimeout } from 'node:timers/promises';
import { InterruptedError } from './errors.js';

/**
 * Waiting until a moment, leaving cleanly on Ctrl-C. On a terminal one line counts down in place;
 * otherwise a plain line is written now and then, which reads well in a log.
 */
export interface WaitDeps {
  now: () => Date;
  /** Resolves after `ms`, or rejects with InterruptedError on Ctrl-C. */
  sleep: (ms: number) => Promise<void>;
  write: (text: string) => void;
  live: boolean;
}

const PLAIN_EVERY_MS = 5 * 60_000;

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

export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export async function waitUntil(target: Date, label: string, deps: WaitDeps): Promise<void> {
  const left = () => target.getTime() - deps.now().getTime();
  let nextPlainAt = Number.POSITIVE_INFINITY;
  try {
    for (let ms = left(); ms > 0; ms = left()) {
      if (deps.live) {
        deps.write(`\r\x1b[2K${label} in ${countdown(ms)} (Ctrl-C to leave)`);
      } else if (ms <= nextPlainAt) {
        deps.write(`${label} in ${countdown(ms)}.\n`);
        nextPlainAt = ms - PLAIN_EVERY_MS;
      }
      await deps.sleep(Math.min(ms, 1000));
    }
  } finally {
    if (deps.live) deps.write('\r\x1b[2K');
  }
}
