// `npm run bench [-- --quick]`: measures SPEC §6 against baselines run in the same invocation and
// writes BENCHMARKS.md. Never part of `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApiCase } from './api-case.js';
import { serverCommand, startApiServer } from './api-server.js';
import { stopAllChildren } from './children.js';
import { measureCliStartup } from './cli-startup.js';
import { measureHelloWorld } from './hello-world.js';
import { describeMachine } from './machine.js';
import { writeReport, type BenchResults, type CaseResult } from './report.js';
import { bookSlot } from './rush.js';
import { copySeededDatabase, seedDatabase, type SeedPlan } from './seeding.js';

const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('..', import.meta.url));
const HOUR = 60 * 60_000;
const CONNECTIONS = 50;
const RUSH_PEOPLE = 2_000;
const MODE = quick
  ? { rounds: 1, helloAmount: 10_000, readAmount: 5_000, largePeople: 10_000, largeSessions: 100_000, cliRuns: 15 }
  : { rounds: 3, helloAmount: 30_000, readAmount: 20_000, largePeople: 100_000, largeSessions: 1_000_000, cliRuns: 25 };

const log = (line: string) => console.error(`bench: ${line}`);

function build(): void {
  log('building dist/ (tsc)');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed; the benchmark measures the compiled server');
}

async function main(): Promise<void> {
  const began = Date.now();
  const now = new Date();
  const rushSlot = new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR);
  const warmUpSlot = new Date(rushSlot.getTime() + 3 * HOUR);
  const keepFreeUntil = new Date(rushSlot.getTime() + 6 * HOUR);
  const workDir = mkdtempSync(join(tmpdir(), 'cowork-bench-'));
  process.once('exit', () => rmSync(workDir, { recursive: true, force: true })); // also after Ctrl-C
  try {
    build();
    const helloWorld = [await measureHelloWorld(CONNECTIONS, MODE.helloAmount)];
    log(`hello-world: ${helloWorld[0]!.requestsPerSecond.toFixed(0)} req/s, p50 ${helloWorld[0]!.p50Ms} ms, p99 ${helloWorld[0]!.p99Ms} ms`);

    const runCase = async (name: string, plan: SeedPlan): Promise<CaseResult> => {
      const seedStarted = Date.now();
      const seeded = await seedDatabase(join(workDir, `${name}-seed.db`), plan, now);
      log(`${name}: seeded ${plan.storedSessions} sessions of ${plan.people} people in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
      const rounds = await runApiCase({ name, seeded, rounds: MODE.rounds, connections: CONNECTIONS, readAmount: MODE.readAmount, rushSlot, warmUpSlot, workDir }, log);
      return { people: plan.people, storedSessions: plan.storedSessions, rounds };
    };
    const small = await runCase('small', { people: RUSH_PEOPLE, rushPeople: RUSH_PEOPLE, storedSessions: 1_000, keepFreeUntil });
    const large = await runCase('large', { people: MODE.largePeople, rushPeople: RUSH_PEOPLE, storedSessions: MODE.largeSessions, keepFreeUntil });

    const cliSeed = await seedDatabase(join(workDir, 'cli-seed.db'), { people: 2, rushPeople: 2, storedSessions: 0, keepFreeUntil }, now);
    const cliDb = copySeededDatabase(cliSeed, join(workDir, 'cli.db'));
    const cliServer = await startApiServer(cliDb.file);
    let cli;
    try {
      await bookSlot(cliServer.url, cliDb.tokens, rushSlot, 2); // so that `list` has sessions to show
      cli = measureCliStartup(MODE.cliRuns, cliServer.url, cliDb.tokens[0]!);
    } finally {
      await cliServer.stop();
    }
    log(`cli: ${JSON.stringify(cli)}`);

    helloWorld.push(await measureHelloWorld(CONNECTIONS, MODE.helloAmount));
    log(`hello-world again: ${helloWorld[1]!.requestsPerSecond.toFixed(0)} req/s, p50 ${helloWorld[1]!.p50Ms} ms, p99 ${helloWorld[1]!.p99Ms} ms`);

    const results: BenchResults = {
      mode: quick ? 'quick' : 'full',
      machine: describeMachine(now),
      serverCommand: serverCommand(),
      connections: CONNECTIONS,
      helloWorld,
      small,
      large,
      cli,
      seconds: (Date.now() - began) / 1000,
    };
    const list = writeReport(join(root, 'BENCHMARKS.md'), results);
    for (const f of list) console.log(`${f.target === '(reported)' ? '      ' : f.holds ? 'holds ' : 'MISSES'} ${f.what}: ${f.measured}${Number.isNaN(f.ratio) ? '' : ` (ratio ${f.ratio.toFixed(2)}, target ${f.target})`}`);
    log('wrote BENCHMARKS.md');
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
