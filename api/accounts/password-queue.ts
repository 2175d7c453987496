import { DEFAULT_PASSWORD_QUEUE, type PasswordQueueOptions } from '../config/limits.js';
import { Problem } from '../http/problems.js';
import { hashPassword, verifyPassword } from './secrets.js';

/**
 * scrypt holds 32 MiB per hash and libuv would run four at once, so every hash of the server goes
 * through a few slots. Log-ins and sign-ups wait in separate lanes, each bounded: a sign-up burst
 * fills its own lane and is refused beyond it, and a freed slot always serves a waiting log-in first.
 */
export interface PasswordWork {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

type Lane = 'login' | 'signup';

/** A generous guess of one hash's time, only to suggest a Retry-After. */
const HASH_MS = 100;

export type { PasswordQueueOptions };

export const scryptWork: PasswordWork = { hash: hashPassword, verify: verifyPassword };

export class PasswordQueue {
  readonly #options: PasswordQueueOptions;
  readonly #work: PasswordWork;
  readonly #waiting: Record<Lane, (() => void)[]> = { login: [], signup: [] };
  #running = 0;

  constructor(options: PasswordQueueOptions = DEFAULT_PASSWORD_QUEUE, work: PasswordWork = scryptWork) {
    this.#options = options;
    this.#work = work;
  }

  /** How many requests wait in each lane (for tests and logs). */
  get waiting(): Record<Lane, number> {
    return { login: this.#waiting.login.length, signup: this.#waiting.signup.length };
  }

  /** Sign-ups hash a new password in the sign-up lane. */
  hash(password: string): Promise<string> {
    return this.#run('signup', () => this.#work.hash(password));
  }

  /** Log-ins check a password in the log-in lane. */
  verify(password: string, stored: string): Promise<boolean> {
    return this.#run('login', () => this.#work.verify(password, stored));
  }

  async #run<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
    if (this.#running < this.#options.slots) {
      this.#running++;
    } else {
      const waiting = this.#waiting[lane];
      if (waiting.length >= this.#options.maxWaiting) throw this.#full(lane);
      // The slot is handed over by #release, so #running already counts this task when it resumes.
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #release(): void {
    const next = this.#waiting.login.shift() ?? this.#waiting.signup.shift();
    if (next) next();
    else this.#running--;
  }

  #full(lane: Lane): Problem {
    const queued = this.#waiting.login.length + this.#waiting.signup.length;
    const seconds = Math.max(1, Math.ceil((queued * HASH_MS) / this.#options.slots / 1000));
    const what = lane === 'login' ? 'log-ins' : 'sign-ups';
    return new Problem(503, 'password-queue-full', 'Server busy',
      `Too many ${what} are waiting for a password check; retry in ${seconds} s.`, {}, { 'Retry-After': String(seconds) });
  }
}

const defaultQueues = new WeakMap<object, PasswordQueue>();

/** The queue `startServer` configured, or for an app built without one, one default queue per app. */
export function passwordsOf(deps: { passwords?: PasswordQueue }): PasswordQueue {
  if (deps.passwords) return deps.passwords;
  let queue = defaultQueues.get(deps);
  if (!queue) defaultQueues.set(deps, (queue = new PasswordQueue()));
  return queue;
}
