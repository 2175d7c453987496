import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { JobRunner, type Job } from '../../api/jobs/runner.js';
import { createHarness } from '../api/harness.js';

const SETTINGS = { leaseMs: 60_000, tickMs: 20_000 };
const INTERVAL_MS = 10 * 60_000;
const h = await createHarness();
const client = h.inspect();
after(() => h.close());

/** A job that records the clock time of each step and does what `step` says. */
function recordingJob(step: (now: Date) => Promise<boolean> = async () => false): Job & { ran: number[] } {
  const ran: number[] = [];
  return {
    name: 'test-job',
    intervalMs: INTERVAL_MS,
    ran,
    async runOnce(now) {
      ran.push(now.getTime());
      return step(now);
    },
  };
}

const runner = (job: Job, log: string[] = []) => new JobRunner(h.db, h.clock, [job], SETTINGS, (line) => log.push(line));
const lease = async () => (await client.execute(`SELECT holder, due_at FROM job_leases WHERE job = 'test-job'`)).rows[0];
const advanceMs = (ms: number) => h.clock.advance(ms / 60_000);

describe('the job runner', () => {
  beforeEach(async () => void (await client.execute('DELETE FROM job_leases')));

  test('a step runs when the job is due, then not again until its interval has passed on the server clock', async () => {
    const job = recordingJob();
    const a = runner(job);
    await a.tick();
    await a.tick();
    assert.equal(job.ran.length, 1);
    advanceMs(INTERVAL_MS - 1);
    await a.tick();
    assert.equal(job.ran.length, 1);
    advanceMs(1);
    await a.tick();
    assert.deepEqual(job.ran, [h.clock.now().getTime() - INTERVAL_MS, h.clock.now().getTime()]);
  });

  test('of two runners on one database only the lease holder runs steps, for as long as it keeps renewing', async () => {
    const job = recordingJob();
    const a = runner(job);
    const b = runner(job);
    await a.tick();
    await b.tick();
    assert.equal((await lease())?.holder, a.holder);
    for (let i = 0; i < 40; i++) {
      advanceMs(SETTINGS.tickMs);
      await b.tick();
      await a.tick();
    }
    assert.equal((await lease())?.holder, a.holder);
    assert.equal(job.ran.length, 2, 'one step at the start, one when the interval had passed');
  });

  test('when the holder stops renewing, the other runner takes over once the lease has expired', async () => {
    const job = recordingJob();
    const a = runner(job);
    const b = runner(job);
    await a.tick();
    advanceMs(SETTINGS.leaseMs - 1);
    await b.tick();
    assert.equal((await lease())?.holder, a.holder);
    advanceMs(INTERVAL_MS);
    await b.tick();
    assert.equal((await lease())?.holder, b.holder);
    assert.equal(job.ran.length, 2);
    await a.tick();
    assert.equal(job.ran.length, 2, 'the old holder is refused');
  });

  test('a failing step logs one line, leaves the job due and runs again at the next tick', async () => {
    let failures = 1;
    const job = recordingJob(async () => {
      if (failures-- > 0) throw new Error('disk on fire\n    at somewhere (stack.ts:1:1)');
      return false;
    });
    const log: string[] = [];
    const a = runner(job, log);
    assert.equal(await a.tick(), false);
    assert.deepEqual(log, ['cowork: job "test-job" failed (disk on fire); it runs again at the next tick']);
    advanceMs(SETTINGS.tickMs);
    await a.tick();
    assert.equal(job.ran.length, 2);
    assert.equal(Number((await lease())?.due_at), h.clock.now().getTime() + INTERVAL_MS);
  });

  test('a step that stopped at its batch limit makes the next step due at once', async () => {
    let backlog = 3;
    const job = recordingJob(async () => --backlog > 0);
    const a = runner(job);
    assert.equal(await a.tick(), true);
    assert.equal(await a.tick(), true);
    assert.equal(await a.tick(), false);
    assert.equal(await a.tick(), false);
    assert.equal(job.ran.length, 3);
  });

  test('stop waits for the step under way, then frees the lease; no step runs after', async () => {
    let started!: () => void;
    const stepStarted = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const job = recordingJob(() => {
      started();
      return new Promise<boolean>((resolve) => (finish = () => resolve(false)));
    });
    const a = runner(job);
    a.start();
    await stepStarted;
    let stopped = false;
    const stopping = a.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, false, 'stop waits for the step');
    assert.equal((await lease())?.holder, a.holder);
    finish();
    await stopping;
    assert.equal((await lease())?.holder, null);
    await a.tick();
    assert.equal(job.ran.length, 1);
  });
});
