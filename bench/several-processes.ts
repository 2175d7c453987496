// `node --import tsx bench/several-processes.ts [runs]`: the small case's rush (2,000 people × 2
// slots) and 20,000 `next` reads against `cowork serve --processes 1` and `--processes 2`, runs
// interleaved, next to the hello-world baselines. CPU and peak RSS are summed over the primary and
// its workers. Not part of the bench's report (bench/findings.md, "several processes").
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from './api-server.js';
import { stopAllChildren } from './children.js';
import { measureBaselines } from './hello-world.js';
import type { LoadResult } from './load.js';
import { cpuMs, peakRssMb } from './memory.js';
import { readNext } from './reads.js';
import { checkRushOutcome } from './rush-outcome.js';
import { bookingBody, bookSlots, HOUR, hourlySlots } from './rush.js';
import { copySeededDatabase, seedDatabase } from './seeding.js';

const RUNS = Number(process.argv[2] ?? 2);
const CONNECTIONS = 50;
const PEOPLE = 2_000;
const READS = 20_000;

/** The server's processes: the one started, and its workers if it is a cluster primary. */
function processTree(pid: number): number[] {
  const children = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((name) => {
    try {
      return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] === String(pid);
    } catch {
      return false;
    }
  });
  return [pid, ...children.map(Number)];
}

async function measured(pids: number[], work: () => Promise<LoadResult>) {
  const before = pids.map(cpuMs);
  const result = await work();
  const used = pids.map((pid, i) => cpuMs(pid) - before[i]!);
  return { result, cpuMsEach: used.reduce((a, b) => a + b, 0) / result.requests, split: used.map((ms) => (ms / result.requests).toFixed(3)).join(' + ') };
}

const now = new Date();
const slots = hourlySlots(new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR), 3);
const workDir = mkdtempSync(join(tmpdir(), 'cowork-several-'));
try {
  const seeded = await seedDatabase(join(workDir, 'seed.db'), { people: PEOPLE, rushPeople: PEOPLE, storedSessions: 1_000, keepFreeUntil: new Date(slots.at(-1)!.getTime() + 3 * HOUR) }, now);
  const baselines = await measureBaselines(CONNECTIONS, 10_000, bookingBody(slots[0]!));
  console.log(`baselines: POST ${baselines.post.requestsPerSecond.toFixed(0)} req/s, GET ${baselines.get.requestsPerSecond.toFixed(0)} req/s`);
  for (let run = 1; run <= RUNS; run++) {
    for (const processes of [1, 2]) {
      const db = copySeededDatabase(seeded, join(workDir, `run-${run}-${processes}.db`));
      const server = await startApiServer(db.file, { COWORK_PROCESSES: String(processes) });
      try {
        const pids = processTree(server.pid);
        await bookSlots(server.url, server.pid, db.tokens.slice(0, 200), [slots[2]!], CONNECTIONS);
        await readNext(server.url, server.pid, db.tokens, 1_000, CONNECTIONS);
        const rush = await measured(pids, () => bookSlots(server.url, server.pid, db.tokens, slots.slice(0, 2), CONNECTIONS));
        const outcomes = await Promise.all(slots.slice(0, 2).map((slot) => checkRushOutcome(db.file, slot, 50, db.tokens.length)));
        const next = await measured(pids, () => readNext(server.url, server.pid, db.tokens, READS, CONNECTIONS));
        const rss = pids.map(peakRssMb);
        const problems = outcomes.flatMap((outcome) => outcome.problems);
        console.log(
          `run ${run}, --processes ${processes} (${pids.length} pids): ` +
            `rush ${rush.result.requestsPerSecond.toFixed(0)} req/s (${(rush.result.requestsPerSecond / baselines.post.requestsPerSecond).toFixed(2)} x POST) p99 ${rush.result.p99Ms} ms, ${rush.cpuMsEach.toFixed(3)} ms CPU each [${rush.split}] ${JSON.stringify(rush.result.statuses)}; ` +
            `next ${next.result.requestsPerSecond.toFixed(0)} req/s (${(next.result.requestsPerSecond / baselines.get.requestsPerSecond).toFixed(2)} x GET) p99 ${next.result.p99Ms} ms, ${next.cpuMsEach.toFixed(3)} ms CPU each [${next.split}]; ` +
            `peak RSS sum ${rss.reduce((a, b) => a + b, 0).toFixed(0)} MB [${rss.map((mb) => mb.toFixed(0)).join(' + ')}]; outcome ${problems.length ? problems.join('; ') : 'ok'}`,
        );
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await stopAllChildren();
  rmSync(workDir, { recursive: true, force: true });
}
