import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { JobRunner, type Job } from '../../api/jobs/runner.js';
import { createHarness } from '../api/harness.js';

const SETTINGS = { leaseMs: 60_000, tickMs: 20_000 };
const h = await createHarness();
const client = h.inspect();
after(() => h.close());

const lease = async (job: string) => (await client.execute({ sql: 'SELECT holder, expires_at, due_at FROM job_leases WHERE job = ?', args: [job] })).rows[0];

/** A job whose step waits until its signal fires, and tells when it started and what stopped it. */
function stuckJob(name: string, deadlineMs: number) {
  const started: Date[] = [];
  const stoppedBy: string[] = [];
  let onStart = () => {};
  const job: Job = {
    name,
    intervalMs: 60_000,
    deadlineMs,
    runOnce: (now, signal) => {
      started.push(now);
      onStart();
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => {
        stoppedBy.push(String((signal!.reason as Error).message ?? signal!.reason));
        reject(signal!.reason);
      }));
    },
  };
  const nextStart = () => new Promise<void>((resolve) => (onStart = resolve));
  return { job, started, stoppedBy, nextStart };
}

function quickJob(name: string) {
  const ran: number[] = [];
  let onRun = () => {};
  const job: Job = { name, intervalMs: 10 * 60_000, runOnce: async (now) => (ran.push(now.getTime()), onRun(), false) };
  return { job, ran, nextRun: () => new Promise<void>((resolve) => (onRun = resolve)) };
}

describe('jobs that cannot stall each other', () => {
  beforeEach(async () => void (await client.execute('DELETE FROM job_leases')));

  test('a step that never ends delays no other job, its lease is renewed meanwhile, and at its deadline it is abandoned, logged, and due again', { timeout: 30_000 }, async () => {
    const stuck = stuckJob('stuck', 5_000);
    const quick = quickJob('quick');
    const log: string[] = [];
    const runner = new JobRunner(h.db, h.clock, [stuck.job, quick.job], SETTINGS, (line) => log.push(line));

    const stuckStarted = stuck.nextStart();
    const quickRan = quick.nextRun();
    const firstTick = runner.tick();
    await Promise.all([stuckStarted, quickRan]);
    assert.equal(quick.ran.length, 1, 'the quick job ran in the same tick, while the stuck step waited');
    const takenUntil = Number((await lease('stuck'))!.expires_at);

    h.clock.advance(10);
    await runner.tick();
    assert.equal(quick.ran.length, 2, 'and again when due, the stuck step still under way');
    assert.equal(stuck.started.length, 1, 'no second step of a job while its first is under way');
    assert.equal(Number((await lease('stuck'))!.expires_at), takenUntil + 10 * 60_000, 'the stuck job\'s lease was renewed anyway');
    assert.equal((await lease('stuck'))!.holder, runner.holder);

    assert.equal(await firstTick, false);
    assert.deepEqual(stuck.stoppedBy, ['no complete answer within 5000 ms'], 'the step was told through its signal');
    assert.deepEqual(log, ['cowork: job "stuck" step abandoned (it overran its deadline of 5000 ms); it runs again at the next tick']);
    assert.equal(Number((await lease('stuck'))!.due_at), stuck.started[0]!.getTime(), 'an abandoned step leaves its job due');
    const again = runner.tick();
    await stuck.nextStart();
    assert.equal(stuck.started.length, 2, 'the next tick runs it again');
    await again;
  });

  test('a holder that finds its lease taken stops its step at once, and records nothing as the holder', { timeout: 30_000 }, async () => {
    const stuck = stuckJob('taken', 60_000);
    const log: string[] = [];
    const runner = new JobRunner(h.db, h.clock, [stuck.job], SETTINGS, (line) => log.push(line));
    const step = runner.tick();
    await stuck.nextStart();
    // Another process took the job over (this one's lease had lapsed in its eyes).
    await client.execute({ sql: `UPDATE job_leases SET holder = 'elsewhere', expires_at = ?, due_at = 42 WHERE job = 'taken'`, args: [h.clock.now().getTime() + SETTINGS.leaseMs] });
    await runner.tick();
    await step;
    assert.deepEqual(stuck.stoppedBy, ['the lease of job "taken" went to another process']);
    assert.deepEqual(log, ['cowork: job "taken" step abandoned (the lease of job "taken" went to another process); it runs again at the next tick']);
    assert.deepEqual({ ...(await lease('taken')) }, { holder: 'elsewhere', expires_at: h.clock.now().getTime() + SETTINGS.leaseMs, due_at: 42 });
  });

  test('a holder that cannot renew its lease stops its step before the lease could lapse (lease less one tick of real time)', { timeout: 30_000 }, async () => {
    const stuck = stuckJob('unrenewed', 60_000);
    const runner = new JobRunner(h.db, h.clock, [stuck.job], { leaseMs: 4_000, tickMs: 2_000 }, () => {});
    const started = performance.now();
    const step = runner.tick();
    await stuck.nextStart();
    await step;
    const stoppedAfter = performance.now() - started;
    assert.deepEqual(stuck.stoppedBy, ['the lease of job "unrenewed" could not be renewed in time']);
    assert.ok(stoppedAfter >= 1_900 && stoppedAfter < 4_000, `stopped after ${Math.round(stoppedAfter)} ms, before the 4,000 ms lease ran out`);
  });
});
