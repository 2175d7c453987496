// `node --import tsx bench/http-layer-ab.ts <rounds> <tree> <tree>…`: GET /v1/me, the cheapest
// authenticated JSON read, on one built server per tree (a checkout with its own `npm run build`,
// e.g. `git archive <commit> | tar -x -C /tmp/x`, node_modules linked), each on a file seeded by
// that tree's own bench/seeding.ts. Autocannon, 10 connections, 5 s a run, the trees alternating
// round by round (order reversed every other round), after 3 s of warm-up each: the server's CPU
// per request from /proc, so the HTTP layer's cost is compared on one machine at one time.
// PROF_DIR=<dir> runs each server under --cpu-prof (see bench/profile-summary.ts). Not part of the
// bench's report: it is how bench/findings.md's round six measured the client-author HTTP layer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { startChild, stopAllChildren } from './children.js';
import { cpuMs } from './memory.js';

const rounds = Number(process.argv[2]);
const trees = process.argv.slice(3).map((tree) => resolve(tree));
if (!(rounds > 0) || trees.length === 0) throw new Error('usage: http-layer-ab.ts <rounds> <tree>…');
const profileDir = process.env.PROF_DIR;
const CONNECTIONS = 10;

interface Served {
  tree: string;
  url: string;
  pid: number;
  token: string;
}

async function measure(server: Served, seconds: number): Promise<{ perSecond: number; cpuUs: number; non2xx: number }> {
  const before = cpuMs(server.pid);
  const result = await autocannon({
    url: `${server.url}/v1/me`, connections: CONNECTIONS, duration: seconds,
    headers: { authorization: `Bearer ${server.token}`, 'accept-encoding': 'gzip, deflate, br' },
  });
  return { perSecond: result.requests.average, cpuUs: ((cpuMs(server.pid) - before) * 1000) / result.requests.total, non2xx: result.non2xx };
}

const workDir = mkdtempSync(join(tmpdir(), 'cowork-http-ab-'));
try {
  const servers: Served[] = [];
  for (const [i, tree] of trees.entries()) {
    const { seedDatabase } = (await import(join(tree, 'bench/seeding.ts'))) as typeof import('./seeding.js');
    const seeded = await seedDatabase(join(workDir, `db${i}`), { people: 20, rushPeople: 20, storedSessions: 0, keepFreeUntil: new Date() });
    const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, String(i))}`] : [];
    const child = await startChild(process.execPath, [...flags, join(tree, 'bin/cowork'), 'serve', '--port', '0', '--host', '127.0.0.1', '--db', seeded.file]);
    servers.push({ tree, url: child.url, pid: child.pid, token: seeded.tokens[0]! });
  }
  for (const server of servers) await measure(server, 3);
  const runs = new Map<string, string[]>(trees.map((tree) => [tree, []]));
  for (let round = 0; round < rounds; round++) {
    for (const server of round % 2 ? [...servers].reverse() : servers) {
      const run = await measure(server, 5);
      runs.get(server.tree)!.push(`${Math.round(run.perSecond)}/s ${run.cpuUs.toFixed(1)} µs${run.non2xx ? ` (${run.non2xx} not 2xx)` : ''}`);
    }
  }
  for (const [tree, list] of runs) console.log(`${tree}: ${list.join(' | ')}`);
} finally {
  await stopAllChildren();
  rmSync(workDir, { recursive: true, force: true });
}
