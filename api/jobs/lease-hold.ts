import type { Database } from '../storage/engine/database.js';
import { takeLease, type HeldLease } from '../storage/leases.js';

/**
 * This process's hold on one job's lease, renewed on the runner's timer whatever the job's steps are
 * doing, and a signal its steps listen to. The signal fires when the holder can no longer be sure
 * it holds the lease: another holder has it, or no renewal has succeeded for `leaseMs - tickMs`
 * of real time (the row expires `leaseMs` after the renewal's clock reading, and only then can
 * another process take it; the `tickMs` left is slack for a write already under way to commit).
 * A step that sees the signal stops before its next write, so a holder that lost its lease does
 * not go on writing as if it held it; a write already committing is one of the step's idempotent,
 * guarded writes, which the next holder would make the same way.
 */
export class LeaseHold {
  #controller = new AbortController();
  #expiry: NodeJS.Timeout | undefined;
  #renewing: Promise<HeldLease | null> | undefined;
  #held = false;

  constructor(
    private readonly db: Database,
    private readonly job: string,
    private readonly holder: string,
    private readonly leaseMs: number,
    private readonly tickMs: number,
  ) {}

  /** Whether the last renewal succeeded and the hold has not ended since. */
  get held(): boolean {
    return this.#held;
  }

  /** Fires when this hold ends; a new hold after that gets a new signal. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Takes or renews the lease at `now`; one renewal at a time (a second caller shares the first's). */
  renew(now: Date): Promise<HeldLease | null> {
    this.#renewing ??= this.#renew(now).finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  /** Ends the hold here (lost, or released at shutdown): steps under it stop. */
  end(why: string): void {
    clearTimeout(this.#expiry);
    if (this.#held) this.#controller.abort(new Error(why));
    this.#held = false;
  }

  async #renew(now: Date): Promise<HeldLease | null> {
    const startedAt = performance.now();
    const lease = await takeLease(this.db, this.job, this.holder, now, this.leaseMs);
    if (!lease) {
      this.end(`the lease of job "${this.job}" went to another process`);
      return null;
    }
    if (!this.#held) this.#controller = new AbortController();
    this.#held = true;
    clearTimeout(this.#expiry);
    const left = this.leaseMs - this.tickMs - (performance.now() - startedAt);
    this.#expiry = setTimeout(() => this.end(`the lease of job "${this.job}" could not be renewed in time`), Math.max(0, left)).unref();
    return lease;
  }
}
