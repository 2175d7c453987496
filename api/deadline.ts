/**
 * One overall deadline for work that waits on something outside this process: a remote call
 * (webhook delivery; later a calendar fetch or an SMTP send) or a job's step. A socket idle timeout
 * is not one: a peer that sends a byte every few seconds never trips it (STACK.md). Everything
 * the work waits on listens to one AbortSignal, and the caller stops waiting when it fires,
 * whether or not the work noticed.
 */
export class DeadlineExceeded extends Error {}

/** A signal that fires after `ms`, or as soon as `within` fires (a step abandoned, a lease lost, a shutdown). */
export function deadlineSignal(ms: number, within?: AbortSignal): AbortSignal {
  const own = AbortSignal.timeout(ms);
  return within ? AbortSignal.any([own, within]) : own;
}

/** Why `signal` fired, in one line: its reason's message, or that the deadline passed. */
export function abortReason(signal: AbortSignal, ms: number): string {
  const reason = signal.reason as Error | undefined;
  if (!reason || reason.name === 'TimeoutError') return `no complete answer within ${ms} ms`;
  return String(reason.message ?? reason).split('\n')[0]!;
}

/**
 * Runs `work` with a signal that fires after `ms` (or with `within`), and stops waiting for it then:
 * rejects with DeadlineExceeded even if `work` never settles. `work` should pass the signal on to
 * whatever it waits for, so that abandoning it also frees its sockets.
 */
export function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, within?: AbortSignal): Promise<T> {
  const signal = deadlineSignal(ms, within);
  if (signal.aborted) return Promise.reject(new DeadlineExceeded(abortReason(signal, ms)));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlineExceeded(abortReason(signal, ms)));
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal.removeEventListener('abort', onAbort);
    work(signal).then(
      (value) => (settle(), resolve(value)),
      (error: unknown) => (settle(), reject(error)),
    );
  });
}
