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

export function interruptibleSleep(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSigint = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    const timer = setTimeout(() => {
      process.off('SIGINT', onSigint);
      resolve();
    }, ms);
    process.once('SIGINT', onSigint);
  });
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
