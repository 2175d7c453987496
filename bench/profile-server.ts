// `node --import tsx bench/profile-server.ts <rush|next> [outDir]`: one server from dist/ under
// `node --cpu-prof`, warmed up, then either the rush (2,000 people × 2 slots) or 20,000 `next`
// reads, so that the profile holds that work and little else. Not part of the bench's report.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, stopAllChildren } from './children.js';
import { WARM_UP_REQUESTS } from './load.js';
import { readNext } from './reads.js';
import { bookSlots, HOUR, hourlySlots } from './rush.js';
import { seedDatabase } from './seeding.js';

const what = process.argv[2];
if (what !== 'rush' && what !== 'next') throw new Error('usage: profile-server.ts <rush|next> [outDir]');
const outDir = resolve(process.argv[3] ?? 'bench-profiles');
const CONNECTIONS = 50;
const PEOPLE = 2_000;

const now = new Date();
const slots = hourlySlots(new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR), 3);
mkdirSync(outDir, { recursive: true });
const workDir = mkdtempSync(join(tmpdir(), 'cowork-profile-'));
try {
  const seeded = await seedDatabase(join(workDir, 'db'), { people: PEOPLE, rushPeople: PEOPLE, storedSessions: 1_000, keepFreeUntil: new Date(slots.at(-1)!.getTime() + 3 * HOUR) }, now);
  // Node 20 refuses --cpu-prof in NODE_OPTIONS, so the launcher runs under node's own flags.
  const launcher = fileURLToPath(new URL('../bin/cowork', import.meta.url));
  // With PERF=1, `perf record` samples the server's CPU (on-CPU time only, native frames too)
  // during the measured phase; V8's sampler also counts time the process waits to be scheduled.
  const perf = process.env.PERF === '1';
  const flags = process.env.PROFILE_NODE_FLAGS?.split(' ') ?? (perf ? ['--perf-basic-prof'] : ['--cpu-prof', `--cpu-prof-dir=${outDir}`]);
  const server = await startChild(process.execPath, [...flags, launcher, 'serve', '--port', '0', '--host', '127.0.0.1', '--db', seeded.file]);
  await bookSlots(server.url, server.pid, seeded.tokens.slice(0, Number(process.env.WARM_UP_BOOKINGS ?? WARM_UP_REQUESTS)), [slots[2]!], CONNECTIONS);
  await readNext(server.url, server.pid, seeded.tokens, WARM_UP_REQUESTS, CONNECTIONS);
  const recorder = perf ? spawn('perf', ['record', '-F', '2999', '-g', '-p', String(server.pid), '-o', join(outDir, 'perf.data')], { stdio: 'inherit' }) : undefined;
  if (recorder) await new Promise((resolve) => setTimeout(resolve, 500));
  const result = what === 'rush'
    ? await bookSlots(server.url, server.pid, seeded.tokens, slots.slice(0, 2), CONNECTIONS)
    : await readNext(server.url, server.pid, seeded.tokens, 20_000, CONNECTIONS);
  console.log(`${what}: ${result.requestsPerSecond.toFixed(0)} req/s p99 ${result.p99Ms} ms, ${result.serverCpuMsPerRequest.toFixed(3)} ms CPU each ${JSON.stringify(result.statuses)}`);
  if (recorder) {
    recorder.kill('SIGINT');
    await once(recorder, 'exit');
  }
  await server.stop();
  console.log(`profile written to ${outDir}`);
} finally {
  await stopAllChildren();
  rmSync(workDir, { recursive: true, force: true });
}
