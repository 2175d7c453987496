import { readFileSync, writeFileSync } from 'node:fs';
import type { ApiRound } from './api-case.js';
import type { CliStartup } from './cli-startup.js';
import type { LoadResult } from './load.js';
import type { Machine } from './machine.js';

export interface CaseResult {
  people: number;
  storedSessions: number;
  rounds: ApiRound[];
}

export interface BenchResults {
  mode: 'quick' | 'full';
  machine: Machine;
  serverCommand: string;
  connections: number;
  helloWorld: LoadResult[];
  small: CaseResult;
  large: CaseResult;
  /** The measurements, or why they could not be taken. */
  cli: CliStartup | string;
  seconds: number;
}

interface Figure {
  what: string;
  measured: string;
  ratio: number;
  target: string;
  holds: boolean;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;
const count = (value: number) => value.toLocaleString('en');

/** The medians over a case's rounds. */
function summarize(rounds: ApiRound[]) {
  const of = (pick: (round: ApiRound) => number) => median(rounds.map(pick));
  return {
    rushRps: of((r) => r.rush.requestsPerSecond),
    rushP50: of((r) => r.rush.p50Ms),
    rushP99: of((r) => r.rush.p99Ms),
    nextRps: of((r) => r.next.requestsPerSecond),
    nextP50: of((r) => r.next.p50Ms),
    nextP99: of((r) => r.next.p99Ms),
    peakRss: Math.max(...rounds.map((r) => r.peakRssMb)),
    all201: rounds.every((r) => r.rush.statuses['201'] === r.rush.requests && r.rush.requests === r.outcome.sessions && !r.rush.statuses.errors && !r.rush.statuses.timeouts),
    nextAll200: rounds.every((r) => r.next.statuses['200'] === r.next.requests && !r.next.statuses.errors && !r.next.statuses.timeouts),
    problems: rounds.flatMap((r, i) => r.outcome.problems.map((p) => `round ${i + 1}: ${p}`)),
  };
}

/** What `PRAGMA synchronous` the server sets, read from its source so the report cannot drift from it. */
function synchronousLevel(): string {
  const source = readFileSync(new URL('../api/storage/database.ts', import.meta.url), 'utf8');
  return /PRAGMA synchronous = (\w+)/.exec(source)?.[1] ?? 'unknown (the default, FULL)';
}

export function figures(results: BenchResults): Figure[] {
  const baseline = results.helloWorld.reduce((best, run) => (run.requestsPerSecond > best.requestsPerSecond ? run : best));
  const small = summarize(results.small.rounds);
  const large = summarize(results.large.rounds);
  const out: Figure[] = [
    { what: 'Rush: bookings/s vs hello-world req/s', measured: `${perSecond(small.rushRps)} vs ${perSecond(baseline.requestsPerSecond)}`, ratio: small.rushRps / baseline.requestsPerSecond, target: '≥ 0.25', holds: small.rushRps / baseline.requestsPerSecond >= 0.25 },
    { what: 'Rush: p99 latency vs hello-world p99', measured: `${ms(small.rushP99)} vs ${ms(baseline.p99Ms)}`, ratio: small.rushP99 / baseline.p99Ms, target: '≤ 10', holds: small.rushP99 / baseline.p99Ms <= 10 },
    { what: 'Rush: p50 latency vs hello-world p50', measured: `${ms(small.rushP50)} vs ${ms(baseline.p50Ms)}`, ratio: small.rushP50 / baseline.p50Ms, target: '(reported)', holds: true },
    { what: 'Rush: every booking answered 201; 1,000 pairs, each session in exactly one, all mutual', measured: small.problems.length || !small.all201 ? small.problems.join('; ') || 'not all 201' : 'yes, every round', ratio: NaN, target: 'all', holds: small.all201 && small.problems.length === 0 },
    { what: 'Reads: `GET /v1/sessions/next` req/s vs hello-world req/s', measured: `${perSecond(small.nextRps)} vs ${perSecond(baseline.requestsPerSecond)}${small.nextAll200 ? '' : ' (NOT all 200)'}`, ratio: small.nextRps / baseline.requestsPerSecond, target: '≥ 0.5', holds: small.nextAll200 && small.nextRps / baseline.requestsPerSecond >= 0.5 },
    { what: `Growth: booking p50, ${count(results.large.storedSessions)} vs ${count(results.small.storedSessions)} stored sessions`, measured: `${ms(large.rushP50)} vs ${ms(small.rushP50)}`, ratio: large.rushP50 / small.rushP50, target: '≤ 1.5', holds: large.all201 && large.problems.length === 0 && large.rushP50 / small.rushP50 <= 1.5 },
    { what: `Growth: \`next\` p50, ${count(results.large.storedSessions)} vs ${count(results.small.storedSessions)} stored sessions`, measured: `${ms(large.nextP50)} vs ${ms(small.nextP50)}`, ratio: large.nextP50 / small.nextP50, target: '≤ 1.5', holds: large.nextAll200 && large.nextP50 / small.nextP50 <= 1.5 },
    { what: 'Growth: booking p99 (large vs small)', measured: `${ms(large.rushP99)} vs ${ms(small.rushP99)}`, ratio: large.rushP99 / small.rushP99, target: '(reported)', holds: true },
    { what: 'Growth: bookings/s (large vs small)', measured: `${perSecond(large.rushRps)} vs ${perSecond(small.rushRps)}`, ratio: large.rushRps / small.rushRps, target: '(reported)', holds: true },
  ];
  if (typeof results.cli === 'string') {
    out.push({ what: 'CLI start-up', measured: `not measured: ${results.cli}`, ratio: NaN, target: '≤ 1.5 / ≤ 2.5', holds: false });
  } else {
    const cli = results.cli;
    const failed = cli.failures.length > 0;
    out.push(
      { what: '`cowork --version` median wall time vs `node -e 0`', measured: `${ms(cli.versionMs)} vs ${ms(cli.nodeMs)}`, ratio: cli.versionMs / cli.nodeMs, target: '≤ 1.5', holds: !failed && cli.versionMs / cli.nodeMs <= 1.5 },
      { what: '`cowork list --json` median wall time vs `node -e 0`', measured: `${ms(cli.listMs)} vs ${ms(cli.nodeMs)}`, ratio: cli.listMs / cli.nodeMs, target: '≤ 2.5', holds: !failed && cli.listMs / cli.nodeMs <= 2.5 },
    );
  }
  out.push({ what: 'Server peak RSS (VmHWM) through the rush', measured: `${small.peakRss.toFixed(0)} MB (with ${count(results.large.storedSessions)} stored: ${large.peakRss.toFixed(0)} MB)`, ratio: small.peakRss / 150, target: '≤ 150 MB', holds: small.peakRss <= 150 });
  return out;
}

/** The hand-written profiling notes (bench/findings.md), which explain the figures above. */
function findings(): string[] {
  try {
    return [readFileSync(new URL('./findings.md', import.meta.url), 'utf8').trim(), ''];
  } catch {
    return [];
  }
}

export function writeReport(file: string, results: BenchResults): Figure[] {
  const list = figures(results);
  const { machine: m } = results;
  const sync = synchronousLevel();
  const rounds = results.small.rounds.length;
  const hello = results.helloWorld.map((r) => `${perSecond(r.requestsPerSecond)} (p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}, ${count(r.requests)} requests)`).join('; ');
  const cliNotes = typeof results.cli === 'string' ? [] : results.cli.failures.map((f) => `- CLI failure: ${f}`);
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${results.mode === 'quick' ? ' -- --quick' : ''}\` (${results.mode} mode, ${Math.round(results.seconds)} s). Every target of SPEC §6 is a ratio`,
    'against a baseline measured in the same run, because absolute times on a shared machine are noise.',
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB memory, ${m.os}`,
    `- Date: ${m.date}; Node.js ${m.node}`,
    `- Server: the compiled API (\`npm run build\`), started as \`${results.serverCommand}\`, in its own process, on an embedded libSQL file in WAL mode`,
    `- Load: autocannon in the benchmark's process, ${results.connections} connections (requests in flight), keep-alive`,
    `- Baseline: Hono hello-world on @hono/node-server in its own process (bench/hello-world-server.mjs), same load generator and connections: ${hello}. Ratios use the run with the higher req/s.`,
    '',
    '| what | measured | ratio | target | holds |',
    '|---|---|---|---|---|',
    ...list.map((f) => `| ${f.what} | ${f.measured} | ${Number.isNaN(f.ratio) ? '' : f.ratio.toFixed(2)} | ${f.target} | ${f.target === '(reported)' ? '' : f.holds ? 'yes' : '**no**'} |`),
    ...(cliNotes.length ? ['', ...cliNotes] : []),
    '',
    '## How it is measured',
    '',
    `- **Rush**: ${count(results.small.people)} people with tokens are seeded straight into the database (bench/seeding.ts: same schema, tokens \`cwk_…\` stored as sha256 hex, scrypt password hash), with ${count(results.small.storedSessions)} stored sessions. ` +
      `The server is warmed up (200 bookings of another slot, 1,000 reads), then all ${count(results.small.people)} book the same 50-minute slot, each with their own token, ${results.connections} in flight. ` +
      `The database is then checked: every answer 201, one session per person, ${count(results.small.people / 2)} pairs, each session in exactly one pair, both sessions of a pair pointing at it. ` +
      `${rounds} round(s) per case, each on a fresh copy of the seeded file and a fresh server process; figures are medians over rounds.`,
    `- **Reads**: after the rush, \`GET /v1/sessions/next\` for everyone in turn (each has a matched session), ${count(results.small.rounds[0]?.next.requests ?? 0)} requests, same connections.`,
    `- **Growth**: the same rush and reads on a database seeded with ${count(results.large.storedSessions)} sessions of ${count(results.large.people)} people (past and future 12 weeks, matched, waiting and cancelled), against the small case (${count(results.small.storedSessions)} sessions of ${count(results.small.people)} people).` +
      (results.mode === 'quick' ? ' **Quick mode uses this smaller "large" case; the full run uses 1,000,000 sessions of 100,000 people.**' : ''),
    '- **CLI start-up**: median wall time from spawn to exit, interleaved runs of `node -e 0`, `bin/cowork --version` and `bin/cowork list --json` (empty `XDG_CONFIG_HOME`, `COWORK_SERVER` and `COWORK_TOKEN` set, a local server running)' +
      (typeof results.cli === 'string' ? '.' : `, ${results.cli.runs} runs each.`),
    '- **Memory**: the server process\'s VmHWM from /proc after the rush and reads (the kernel\'s high-water mark over the whole life of the process).',
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
    'npm run bench -- --quick   # about a minute; the "large" growth case is smaller',
    'npm run bench              # full: 1,000,000 stored sessions, more rounds',
    '```',
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return list;
}
