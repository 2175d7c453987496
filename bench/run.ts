// `npm run bench [-- --quick] [-- --only small,cli,…]`: measures SPEC §6 against baselines run in
// the same invocation and writes BENCHMARKS.md (only when every case ran). Never part of `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApiCase } from './api-case.js';
import { serverCommand, startApiServer } from './api-server.js';
import { stopAllChildren } from './children.js';
import { measureCliStartup } from './cli-startup.js';
import { figures, type BenchResults, type CaseResult } from './figures.js';
import { measureBaselines } from './hello-world.js';
import { WARM_UP_REQUESTS } from './load.js';
import { describeMachine } from './machine.js';
import { writeReport } from './report.js';
import { bookingBody, bookSlots, HOUR, hourlySlots } from './rush.js';
import { copySeededDatabase, seedDatabase, type SeedPlan } from './seeding.js';
import { signUpBurst } from './signups.js';
import { measureLiveEvents, measureWebhooks } from './live-events.js';
import { measureMailReminders } from './mail-reminders.js';

const CASES = ['small', 'large', 'cli', 'signups', 'events', 'webhooks', 'mail'] as const;
type Case = (typeof CASES)[number];

function parseArgs(argv: string[]): { quick: boolean; only: Set<Case> } {
  const quick = argv.includes('--quick');
  const at = argv.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (at < 0) return { quick, only: new Set(CASES) };
  const list = (argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = list.filter((name) => !(CASES as readonly string[]).includes(name));
  if (list.length === 0 || unknown.length) throw new Error(`--only takes a comma-separated list of ${CASES.join(', ')}; not "${unknown.join(',')}"`);
  return { quick, only: new Set(list as Case[]) };
}

const { quick, only } = parseArgs(process.argv.slice(2));
const root = fileURLToPath(new URL('..', import.meta.url));
const CONNECTIONS = 50;
const RUSH_PEOPLE = 2_000;
/** SPEC §17: 1,000 open streams through the rush; and webhooks at a loopback receiver. */
const LIVE_STREAMS = 1_000;
const WEBHOOK_PEOPLE = 200;
const MODE = quick
  ? { rounds: 1, slots: 2, baselineAmount: 10_000, readAmount: 5_000, largePeople: 10_000, largeSessions: 100_000, cliRuns: 15, signUps: 150, mailPeople: 20 }
  : { rounds: 3, slots: 5, baselineAmount: 30_000, readAmount: 20_000, largePeople: 100_000, largeSessions: 1_000_000, cliRuns: 25, signUps: 1_000, mailPeople: 50 };

const log = (line: string) => console.error(`bench: ${line}`);

function build(): void {
  log('building dist/ (npm run build)');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed; the benchmark measures the built server and CLI');
}

async function main(): Promise<void> {
  const began = Date.now();
  const now = new Date();
  const rushSlots = hourlySlots(new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR), MODE.slots);
  const warmUpSlots = hourlySlots(new Date(rushSlots.at(-1)!.getTime() + 2 * HOUR), Math.ceil(WARM_UP_REQUESTS / RUSH_PEOPLE));
  const keepFreeUntil = new Date(warmUpSlots.at(-1)!.getTime() + 3 * HOUR);
  const workDir = mkdtempSync(join(tmpdir(), 'cowork-bench-'));
  process.once('exit', () => rmSync(workDir, { recursive: true, force: true })); // also after Ctrl-C
  try {
    build();
    const results: BenchResults = {
      mode: quick ? 'quick' : 'full', machine: describeMachine(now), serverCommand: serverCommand(),
      connections: CONNECTIONS, rushSlots: MODE.slots, baselines: [], seconds: 0,
    };
    const measureBaseline = async () => {
      const baselines = await measureBaselines(CONNECTIONS, MODE.baselineAmount, bookingBody(rushSlots[0]!));
      results.baselines.push(baselines);
      for (const [kind, r] of Object.entries(baselines)) log(`baseline ${kind}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.serverCpuMsPerRequest.toFixed(3)} ms CPU each`);
    };
    await measureBaseline();

    const runCase = async (name: string, plan: SeedPlan): Promise<CaseResult> => {
      const seedStarted = Date.now();
      const seeded = await seedDatabase(join(workDir, `${name}-seed.db`), plan, now);
      log(`${name}: seeded ${plan.storedSessions} sessions of ${plan.people} people in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
      const rounds = await runApiCase({ name, seeded, rounds: MODE.rounds, connections: CONNECTIONS, readAmount: MODE.readAmount, rushSlots, warmUpSlots, workDir }, log);
      return { people: plan.people, storedSessions: plan.storedSessions, rounds };
    };
    if (only.has('small')) results.small = await runCase('small', { people: RUSH_PEOPLE, rushPeople: RUSH_PEOPLE, storedSessions: 1_000, keepFreeUntil });
    if (only.has('large')) results.large = await runCase('large', { people: MODE.largePeople, rushPeople: RUSH_PEOPLE, storedSessions: MODE.largeSessions, keepFreeUntil });

    if (only.has('cli')) {
      const cliSeed = await seedDatabase(join(workDir, 'cli-seed.db'), { people: 2, rushPeople: 2, storedSessions: 0, keepFreeUntil }, now);
      const cliDb = copySeededDatabase(cliSeed, join(workDir, 'cli.db'));
      const cliServer = await startApiServer(cliDb.file);
      try {
        await bookSlots(cliServer.url, cliServer.pid, cliDb.tokens, rushSlots.slice(0, 1), 2); // so that `list` has sessions to show
        results.cli = measureCliStartup(MODE.cliRuns, cliServer.url, cliDb.tokens[0]!);
      } finally {
        await cliServer.stop();
      }
      log(`cli: ${JSON.stringify(results.cli)}`);
    }

    if (only.has('signups')) {
      results.signUps = await signUpBurst(workDir, MODE.signUps, CONNECTIONS);
      const { load, peakRssMb } = results.signUps;
      log(`sign-ups: ${load.requestsPerSecond.toFixed(0)}/s p99 ${load.p99Ms} ms ${JSON.stringify(load.statuses)}, ${load.serverCpuMsPerRequest.toFixed(1)} ms CPU each, peak RSS ${peakRssMb.toFixed(0)} MB`);
    }

    if (only.has('events')) {
      const slot = rushSlots[0]!;
      for (const processes of [1, 2] as const) {
        const live = await measureLiveEvents(workDir, { processes, people: RUSH_PEOPLE, streams: LIVE_STREAMS, connections: CONNECTIONS, slot, keepFreeUntil });
        results.liveEvents = [...(results.liveEvents ?? []), live];
        log(`events, ${processes} process(es): ${live.streams} streams, ${live.bookings} bookings, ${live.timed} timed (${live.missing} missing): p50 ${live.p50Ms.toFixed(0)} ms, p99 ${live.p99Ms.toFixed(0)} ms; RSS ${live.idleRssMb.toFixed(0)} MB idle, ${live.streamsRssMb.toFixed(0)} MB with the streams, ${live.afterRushRssMb.toFixed(0)} MB after the rush`);
      }
    }
    if (only.has('webhooks')) {
      results.webhooks = await measureWebhooks(workDir, { people: WEBHOOK_PEOPLE, connections: CONNECTIONS, slot: rushSlots[0]!, keepFreeUntil });
      const hooks = results.webhooks;
      log(`webhooks: ${hooks.deliveries} timed (${hooks.missing} missing): p50 ${hooks.p50Ms.toFixed(0)} ms, p95 ${hooks.p95Ms.toFixed(0)} ms`);
    }
    if (only.has('mail')) {
      results.mail = await measureMailReminders(workDir, MODE.mailPeople);
      log(`mail: ${results.mail.latenessMs.length} of ${results.mail.people} reminders, lateness ${results.mail.latenessMs.map((ms) => (ms / 1000).toFixed(1)).join(' ')} s`);
    }

    await measureBaseline();
    results.seconds = (Date.now() - began) / 1000;
    const complete = CASES.every((name) => only.has(name));
    const list = complete ? writeReport(join(root, 'BENCHMARKS.md'), results) : figures(results);
    for (const f of list) console.log(`${f.target === '(reported)' ? '      ' : f.holds ? 'holds ' : 'MISSES'} ${f.what}: ${f.measured}${Number.isNaN(f.ratio) ? '' : ` (ratio ${f.ratio.toFixed(2)}, target ${f.target})`}`);
    log(complete ? 'wrote BENCHMARKS.md' : 'some cases only (--only): BENCHMARKS.md left as it is');
  } finally {
    await stopAllChildren();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch(async (error: unknown) => {
  console.error('bench: failed:', error);
  await stopAllChildren();
  process.exitCode = 1;
});
