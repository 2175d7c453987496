/**
 * One overall deadline for work that waits on something outside this process: a remote call
 * (webhook delivery; later a calendar fetch or an SMTP send) or a job's step. A socket idle timeout
 * is not one: a peer that sends a byte every few seconds never trips it (STACK.md). Everything
 * the work waits on listens to one AbortSignal, and the caller stops waiting when it fires,
 * whether or not the work noticed.
 */
export class DeadlineExceeded extends Error {}

export interface Deadline {
  /** Fires after the deadline's `ms`, or as soon as `within` fires (a step abandoned, a lease lost, a shutdown). */
  signal: AbortSignal;
  /** The work is over: frees the timer (which, unlike AbortSignal.timeout's, keeps the process alive while work waits). */
  clear(): void;
}

export function startDeadline(ms: number, within?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(`no complete answer within ${ms} ms`)), ms);
  const follow = () => controller.abort(within!.reason);
  if (within?.aborted) follow();
  else within?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      within?.removeEventListener('abort', follow);
    },
  };
}

/** Why `signal` fired, in one line. */
export const abortReason = (signal: AbortSignal): string => String((signal.reason as Error)?.message ?? signal.reason).split('\n')[0]!;

/**
 * Runs `work` with a signal that fires after `ms` (or with `within`), and stops waiting for it then:
 * rejects with the signal's reason (a DeadlineExceeded at the deadline) even if `work` never settles.
 * `work` should pass the signal on to whatever it waits for, so that abandoning it also frees its sockets.
 */
export function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, within?: AbortSignal): Promise<T> {
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
