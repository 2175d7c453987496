import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../config/clock.js';
import type { JobSettings } from '../config/config.js';
import { DeadlineExceeded, withDeadline } from './deadline.js';
import type { Database } from '../storage/engine/database.js';
import { releaseLease, setDue } from '../storage/leases.js';
import { LeaseHold } from './lease-hold.js';

/** Work that runs by itself (SPEC §10), in every server process, one process at a time. */
export interface Job {
  readonly name: string;
  /** How long after a step that finished its work the next step is due. */
  readonly intervalMs: number;
  /** The longest one step may take (default STEP_DEADLINE_MS); past it the step is abandoned until the next tick. */
  readonly deadlineMs?: number;
  /**
   * Steps wait on other servers (webhook receivers): a step still waiting does not hold back the
   * next one (the job keeps overlapping steps from picking the same work), start-up does not wait
   * for them beyond STOP_GRACE_MS, and shutdown cuts them short after it.
   */
  readonly remote?: boolean;
  /**
   * One step at `now`: idempotent, each write its own transaction, so a process killed midway
   * leaves nothing half done and whoever runs it next simply does it again. Answers true when it
   * stopped at its batch limit with more to do, so the next step is due at once. `signal` fires when
   * the step is abandoned (deadline, lease lost, shutdown): it should then stop before its next write.
   */
  runOnce(now: Date, signal?: AbortSignal): Promise<boolean>;
}

/** A step of a job that names no deadline of its own; well under the default lease of a minute. */
export const STEP_DEADLINE_MS = 30_000;
/** How long start-up and shutdown wait for remote steps: an answer already coming is recorded, a slow receiver is not waited for. */
export const STOP_GRACE_MS = 2_000;

interface Slot {
  job: Job;
  hold: LeaseHold;
  steps: Set<Promise<boolean>>;
  /** A kicked step under way, and whether another kick came meanwhile (`kick`). */
  kicked?: { again: boolean };
}

/**
 * Runs jobs under leases kept in the database (SPEC §10, §16). Every tick, for each job on its own,
 * the runner takes or renews the job's lease and, if the job is due by the database's record and
 * no step of it is under way, starts one step with its own deadline. Jobs never wait for each
 * other, and a lease is renewed at every tick whatever the job's step is doing, so a slow step
 * neither stalls other jobs nor lets its lease lapse while this process is alive.
 */
export class JobRunner {
  /** Who this runner is in `job_leases.holder`: host, process id, and a tag for runners sharing a process. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly #slots: Slot[];
  readonly #passes = new Set<Promise<unknown>>();
  readonly #stopping = new AbortController();
  readonly #timers: NodeJS.Timeout[] = [];
  #stopped = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    jobs: readonly Job[],
    private readonly settings: JobSettings,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    this.#slots = jobs.map((job) => ({ job, hold: new LeaseHold(db, job.name, this.holder, settings.leaseMs, settings.tickMs), steps: new Set() }));
  }

  /**
   * Passes now and then every `tickMs` (timers that do not keep the process alive). Resolves once
   * every lease was taken or renewed and the first steps ended, so start-up leaves no write of theirs
   * in flight; a remote step is waited for at most STOP_GRACE_MS, then goes on in the background.
   */
  async start(): Promise<void> {
    // Each job on its own timer: every tick, or every interval when that is shorter (deliveries every 5 s).
    for (const slot of this.#slots) this.#timers.push(setInterval(() => this.#wake(slot), Math.min(this.settings.tickMs, slot.job.intervalMs)).unref());
    await Promise.all(this.#slots.map(async (slot) => {
      const { step } = await this.#track(this.#pass(slot));
      if (!step) return;
      if (!slot.job.remote) return void (await step);
      void this.#whenDone(slot, step);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([step, new Promise((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)))]);
      clearTimeout(grace);
    }));
  }

  /** One pass over every job, side by side, waiting for the steps it started. Never rejects. Answers whether work is left. */
  async tick(): Promise<boolean> {
    const mores = await Promise.all(this.#slots.map(async (slot) => {
      const { step } = await this.#track(this.#pass(slot));
      return step ? step : false;
    }));
    return mores.some(Boolean);
  }

  /**
   * Stops ticking, waits for the steps under way (remote ones at most STOP_GRACE_MS, then cut short:
   * what they had not recorded is done by the next holder), and frees this runner's leases.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    const cut = setTimeout(() => this.#stopping.abort(new Error('the server is shutting down')), STOP_GRACE_MS);
    await Promise.all([...this.#passes, ...this.#slots.flatMap((slot) => [...slot.steps])]);
    clearTimeout(cut);
    for (const { job, hold } of this.#slots) {
      if (!hold.held) continue;
      hold.end('released at shutdown');
      await releaseLease(this.db, job.name, this.holder).catch((error) =>
        this.log(`cowork: job "${job.name}" could not release its lease (${firstLine(error)}); it expires by itself`),
      );
    }
  }

  /** Whether this runner holds the lease of job `name` now. */
  holds(name: string): boolean {
    return this.#slots.some((slot) => slot.job.name === name && slot.hold.held);
  }

  /**
   * A step of job `name` now, between ticks, when this runner holds its lease (new work is known to
   * be there: the webhook deliveries of events just committed). It leaves the job's schedule as it
   * is, so a kick writes nothing when it finds nothing; kicks that come while one runs make one more.
   */
  kick(name: string): void {
    const slot = this.#slots.find((candidate) => candidate.job.name === name);
    if (!slot || !slot.hold.held || this.#stopped) return;
    if (slot.kicked) {
      slot.kicked.again = true;
      return;
    }
    const kicked: { again: boolean } = (slot.kicked = { again: false });
    const kicks = (async () => {
      do {
        kicked.again = false;
        if (await this.#step(slot, this.clock.now(), { keepSchedule: true })) kicked.again = true;
      } while (kicked.again && slot.hold.held && !this.#stopped);
      slot.kicked = undefined;
    })();
    void this.#track(kicks);
  }

  /** A job's timer: a pass; one that stopped at its batch limit goes again at once. */
  #wake(slot: Slot): void {
    void this.#track(this.#pass(slot)).then(({ step }) => step && this.#whenDone(slot, step));
  }

  async #whenDone(slot: Slot, step: Promise<boolean>): Promise<void> {
    if (await step) setImmediate(() => this.#wake(slot));
  }

  #track<T>(pass: Promise<T>): Promise<T> {
    this.#passes.add(pass);
    void pass.finally(() => this.#passes.delete(pass));
    return pass;
  }

  /** Renews the job's lease, then starts a step if it is due; answers that step, if one started. */
  async #pass(slot: Slot): Promise<{ step?: Promise<boolean> }> {
    if (this.#stopped) return {};
    try {
      const now = this.clock.now();
      const lease = await slot.hold.renew(now);
      if (!lease || this.#stopped) return {};
      if (slot.steps.size > 0 && !slot.job.remote) return {};
      if (lease.dueAt > now) return {};
      return { step: this.#step(slot, now) };
    } catch (error) {
      this.log(`cowork: job "${slot.job.name}" failed (${firstLine(error)}); it runs again at the next tick`);
      return {};
    }
  }

  #step(slot: Slot, now: Date, options: { keepSchedule?: boolean } = {}): Promise<boolean> {
    const step = this.#runStep(slot, now, options.keepSchedule ?? false);
    slot.steps.add(step);
    void step.finally(() => slot.steps.delete(step));
    return step;
  }

  /** One step under its deadline, then when the next is due; never rejects (a failure is logged). */
  async #runStep({ job, hold }: Slot, now: Date, keepSchedule: boolean): Promise<boolean> {
    const deadlineMs = job.deadlineMs ?? STEP_DEADLINE_MS;
    const leaseSignal = hold.signal;
    try {
      const more = await withDeadline(deadlineMs, (signal) => job.runOnce(now, signal), [leaseSignal, job.remote ? this.#stopping.signal : undefined]);
      if (keepSchedule) return more;
      const next = more ? now : new Date(now.getTime() + job.intervalMs);
      if (!(await setDue(this.db, job.name, this.holder, next))) hold.end(`the lease of job "${job.name}" went to another process`);
      return more;
    } catch (error) {
      if (job.remote && this.#stopping.signal.aborted) return false;
      const abandoned = leaseSignal.aborted ? firstLine(leaseSignal.reason) : error instanceof DeadlineExceeded ? `it overran its deadline of ${deadlineMs} ms` : null;
      this.log(abandoned
        ? `cowork: job "${job.name}" step abandoned (${abandoned}); it runs again at the next tick`
        : `cowork: job "${job.name}" failed (${firstLine(error)}); it runs again at the next tick`);
      return false;
    }
  }
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];
