/**
 * One overall deadline for work that waits on something outside this process: a remote call
 * (webhook delivery; later a calendar fetch or an SMTP send) or a job's step. A socket idle timeout
 * is not one: a peer that sends a byte every few seconds never trips it (STACK.md). Everything
 * the work waits on listens to one AbortSignal, and the caller stops waiting when it fires,
 * whether or not the work noticed.
 */
export class DeadlineExceeded extends Error {}

export interface Deadline {
  /** Fires after the deadline's `ms`, or as soon as one of `within` fires (a step abandoned, a lease lost, a shutdown). */
  signal: AbortSignal;
  /** The work is over: frees the timer (which, unlike AbortSignal.timeout's, keeps the process alive while work waits). */
  clear(): void;
}

// Listeners rather than AbortSignal.any: the outer signals live long (a lease, the server) and each is let go when the work ends.
export function startDeadline(ms: number, within: readonly (AbortSignal | undefined)[] = []): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(`no complete answer within ${ms} ms`)), ms);
  const outer = within.filter((signal): signal is AbortSignal => signal !== undefined);
  const follows = outer.map((signal) => () => controller.abort(signal.reason));
  const clear = () => {
    clearTimeout(timer);
    outer.forEach((signal, i) => signal.removeEventListener('abort', follows[i]!));
  };
  outer.forEach((signal, i) => signal.addEventListener('abort', follows[i]!, { once: true }));
  const fired = outer.find((signal) => signal.aborted);
  if (fired) controller.abort(fired.reason);
  return { signal: controller.signal, clear };
}

/** Why `signal` fired, in one line. */
export const abortReason = (signal: AbortSignal): string => String((signal.reason as Error)?.message ?? signal.reason).split('\n')[0]!;

/**
 * Runs `work` with a signal that fires after `ms` (or with one of `within`), and stops waiting for it then:
 * rejects with the signal's reason (a DeadlineExceeded at the deadline) even if `work` never settles.
 * `work` should pass the signal on to whatever it waits for, so that abandoning it also frees its sockets.
 */
export function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, within: readonly (AbortSignal | undefined)[] = []): Promise<T> {
  const deadline = startDeadline(ms, within);
  const { signal } = deadline;
  if (signal.aborted) {
    deadline.clear();
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => (deadline.clear(), reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => (signal.removeEventListener('abort', onAbort), deadline.clear());
    work(signal).then(
      (value) => (settle(), resolve(value)),
      (error: unknown) => (settle(), reject(error)),
    );
  });
}
