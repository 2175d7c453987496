import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { JobSettings } from '../config.js';
import type { Database } from '../storage/database.js';
import { releaseLease, setDue, takeLease } from '../storage/leases.js';

/** Work that runs by itself (SPEC §10), in every server process, one process at a time. */
export interface Job {
  readonly name: string;
  /** How long after a step that finished its work the next step is due. */
  readonly intervalMs: number;
  /**
   * One step at `now`: idempotent, each write its own transaction, so a process killed midway
   * leaves nothing half done and whoever runs it next simply does it again. Answers true when it
   * stopped at its batch limit with more to do, so the next step is due at once.
   */
  runOnce(now: Date): Promise<boolean>;
}

/**
 * Runs jobs under leases kept in the database. Every tick, for each job, the runner takes or renews
 * its lease and, if the job is due by the database's record, runs one step. The timer only wakes
 * the runner; whether a step runs is decided by the lease row and the server's clock.
 */
export class JobRunner {
  /** Who this runner is in `job_leases.holder`: host, process id, and a tag for runners sharing a process. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly #held = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly jobs: readonly Job[],
    private readonly settings: JobSettings,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  /** Ticks now and then every `tickMs` (a timer that does not keep the process alive); resolves after the first tick. */
  start(): Promise<void> {
    this.#timer = setInterval(() => void this.#trigger(), this.settings.tickMs).unref();
    return this.#trigger();
  }

  /** One pass over every job. Never rejects: a failure is logged and retried at the next tick. Answers whether work is left. */
  async tick(): Promise<boolean> {
    let more = false;
    for (const job of this.jobs) {
      if (this.#stopped) break;
      more = (await this.#step(job)) || more;
    }
    return more;
  }

  /** Stops ticking, waits for the step under way, and frees this runner's leases for the other processes. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
    for (const job of this.#held) {
      await releaseLease(this.db, job, this.holder).catch((error) =>
        this.log(`cowork: job "${job}" could not release its lease (${firstLine(error)}); it expires by itself`),
      );
    }
    this.#held.clear();
  }

  #trigger(): Promise<void> {
    if (this.#stopped || this.#running) return Promise.resolve();
    this.#running = this.tick().then((more) => {
      this.#running = undefined;
      if (more) setImmediate(() => void this.#trigger());
    });
    return this.#running;
  }

  async #step(job: Job): Promise<boolean> {
    try {
      const now = this.clock.now();
      const lease = await takeLease(this.db, job.name, this.holder, now, this.settings.leaseMs);
      if (!lease) {
        this.#held.delete(job.name);
        return false;
      }
      this.#held.add(job.name);
      if (lease.dueAt > now) return false;
      const more = await job.runOnce(now);
      const next = more ? now : new Date(now.getTime() + job.intervalMs);
      if (!(await setDue(this.db, job.name, this.holder, next))) this.#held.delete(job.name);
      return more;
    } catch (error) {
      this.log(`cowork: job "${job.name}" failed (${firstLine(error)}); it runs again at the next tick`);
      return false;
    }
  }
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];
