import { readFileSync, writeFileSync } from 'node:fs';
import { bestBaselines, count, cpuTable, figures, ms, perSecond, type BenchResults, type Figure } from './figures.js';
import { WARM_UP_REQUESTS, type LoadResult } from './load.js';

/** What `PRAGMA synchronous` the server sets, read from its source so the report cannot drift from it. */
function synchronousLevel(): string {
  const source = readFileSync(new URL('../api/storage/engine/database.ts', import.meta.url), 'utf8');
  return /PRAGMA synchronous = (\w+)/.exec(source)?.[1] ?? 'unknown (the default, FULL)';
}

/** The hand-written profiling notes (bench/findings.md), which explain the figures above. */
function findings(): string[] {
  try {
    return [readFileSync(new URL('./findings.md', import.meta.url), 'utf8').trim(), ''];
  } catch {
    return [];
  }
}

const describe = (r: LoadResult) => `${perSecond(r.requestsPerSecond)} (p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}, ${count(r.requests)} requests)`;
const holds = (f: Figure) => (f.target === '(reported)' ? '' : f.holds ? 'yes' : '**no**');

/** Writes BENCHMARKS.md from a run that measured every case. */
export function writeReport(file: string, results: BenchResults): Figure[] {
  const list = figures(results);
  const { machine: m } = results;
  const small = results.small!;
  const sync = synchronousLevel();
  const base = bestBaselines(results);
  const cliNotes = typeof results.cli === 'object' ? results.cli.failures.map((f) => `- CLI failure: ${f}`) : [];
  const rushSize = `${results.rushSlots} slot(s) × ${count(small.people)} people`;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${results.mode === 'quick' ? ' -- --quick' : ''}\` (${results.mode} mode, ${Math.round(results.seconds)} s). Every target of SPEC §6 is a ratio`,
    'against a baseline measured in the same run, because absolute times on a shared machine are noise.',
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB memory, ${m.os}`,
    `- Date: ${m.date}; Node.js ${m.node}`,
    `- Server: the built API (\`npm run build\`), started as \`${results.serverCommand}\`, in its own process, on an embedded libSQL file in WAL mode`,
    `- Load: autocannon in the benchmark's process, ${results.connections} connections (requests in flight), keep-alive`,
    `- Baselines: Hono hello-world apps on @hono/node-server in their own process (bench/hello-world-server.mjs), same load generator and connections, warmed up by ${count(WARM_UP_REQUESTS)} requests of each kind, each measured at the start and at the end of the run; ratios use the run with the higher req/s.`,
    `  - POST (parses the booking's JSON body, answers 201): ${results.baselines.map((b) => describe(b.post)).join('; ')}`,
    `  - GET (answers a small JSON object): ${results.baselines.map((b) => describe(b.get)).join('; ')}`,
    '',
    '| what | measured | ratio | target | holds |',
    '|---|---|---|---|---|',
    ...list.map((f) => `| ${f.what} | ${f.measured} | ${Number.isNaN(f.ratio) ? '' : f.ratio.toFixed(2)} | ${f.target} | ${holds(f)} |`),
    ...(cliNotes.length ? ['', ...cliNotes] : []),
    '',
    '### Server CPU per request',
    '',
    ...cpuTable(results),
    '',
    `A booking costs ${(small.rounds[0]!.rush.serverCpuMsPerRequest / base.post.serverCpuMsPerRequest).toFixed(1)} × the POST baseline's CPU, a \`next\` read ${(small.rounds[0]!.next.serverCpuMsPerRequest / base.get.serverCpuMsPerRequest).toFixed(1)} × the GET baseline's (first round).`,
    '',
    '## How it is measured',
    '',
    `- **Rush**: ${count(small.people)} people with tokens are seeded straight into the database (bench/seeding.ts: same schema, tokens \`cwk_…\` stored as sha256 hex, scrypt password hash), with ${count(small.storedSessions)} stored sessions. ` +
      `The server is warmed up as the baselines are, with ${count(WARM_UP_REQUESTS)} requests of each kind not counted (bookings of later slots, then reads), so that V8 has optimised the code both measure; then all ${count(small.people)} book the same 50-minute slot, each with their own token, ${results.connections} in flight, ` +
      `and again for the next hourly slot, ${rushSize} back to back in one load run, so the run lasts long enough to measure. ` +
      `The database is then checked slot by slot: every answer 201, one session per person, ${count(small.people / 2)} pairs, each session in exactly one pair, both sessions of a pair pointing at it. ` +
      `${small.rounds.length} round(s) per case, each on a fresh copy of the seeded file and a fresh server process; figures are medians over rounds.`,
    `- **Reads**: after the rush, \`GET /v1/sessions/next\` for everyone in turn (each has a matched session), ${count(small.rounds[0]?.next.requests ?? 0)} requests, same connections.`,
    results.large
      ? `- **Growth**: the same rush and reads on a database seeded with ${count(results.large.storedSessions)} sessions of ${count(results.large.people)} people (past and future 12 weeks, matched, waiting and cancelled), against the small case (${count(small.storedSessions)} sessions of ${count(small.people)} people).` +
        (results.mode === 'quick' ? ' **Quick mode uses this smaller "large" case; the full run uses 1,000,000 sessions of 100,000 people.**' : '')
      : '- **Growth**: not measured in this run.',
    '- **CLI start-up**: median wall time from spawn to exit, interleaved runs of `node -e 0`, `bin/cowork --version` and `bin/cowork list --json` (empty `XDG_CONFIG_HOME`, `COWORK_SERVER` and `COWORK_TOKEN` set, a local server running)' +
      (typeof results.cli === 'object' ? `, ${results.cli.runs} runs each.` : '.'),
    `- **Sign-ups**: ${count(results.signUps?.load.requests ?? 0)} \`POST /v1/users\` on a fresh server started with \`COWORK_TRUST_PROXY=1\`, ${results.connections} in flight, each request with its own \`X-Forwarded-For\` address (so a per-address limit does not hide the cost); peak RSS of the server process.`,
    `- **Mail**: ${results.mail?.people ?? 0} people sign up on a server that mails through a real SMTP server on loopback (smtp-server), verify their address with the mailed code, ask for a reminder 10 minutes ahead and book one session; the server is started again with the default job settings and its clock (COWORK_NOW) 5 s before the reminders fall due, and each reminder's lateness is its arrival, in the server's time counted from just before the spawn, minus its due time.`,
    '- **Memory**: the server process\'s VmHWM from /proc (the kernel\'s high-water mark over the whole life of the process). **CPU**: the server process\'s user + system time from /proc over each load run, divided by the requests answered.',
    '',
    '## Durability',
    '',
    `The server runs SQLite/libSQL in WAL mode with \`PRAGMA synchronous = ${sync}\`. ` +
      (sync === 'NORMAL'
        ? 'In WAL mode that means a commit is in the OS before the API answers, but the WAL is synced to disk only at checkpoints: a killed or crashed server process loses nothing it acknowledged; a power cut or kernel crash may lose the last commits before the latest sync (the database stays consistent, never corrupt).'
        : 'See the SQLite documentation for what this level promises.'),
    '',
    ...findings(),
    '## Reproduce',
    '',
    '```sh',
    'npm install          # also builds dist/',
    'npm run bench -- --quick   # a few minutes; fewer slots and rounds, the "large" growth case is smaller',
    'npm run bench              # full: 1,000,000 stored sessions, more slots and rounds',
    'npm run bench -- --quick --only signups,cli   # some cases alone: prints the figures, leaves BENCHMARKS.md as it is',
    '```',
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return list;
}
