import type { ApiRound } from './api-case.js';
import type { CliStartup } from './cli-startup.js';
import type { Baselines } from './hello-world.js';
import type { LoadResult } from './load.js';
import type { Machine } from './machine.js';
import type { SignUpBurst } from './signups.js';
import type { LiveEventsResult, WebhookResult } from './live-events.js';
import type { MailReminders } from './mail-reminders.js';

export interface CaseResult {
  people: number;
  storedSessions: number;
  rounds: ApiRound[];
}

/** What one `npm run bench` measured; a case left out by `--only` is undefined. */
export interface BenchResults {
  mode: 'quick' | 'full';
  machine: Machine;
  serverCommand: string;
  connections: number;
  rushSlots: number;
  /** Measured at the start and again at the end of the run. */
  baselines: Baselines[];
  small?: CaseResult;
  large?: CaseResult;
  /** The measurements, or why they could not be taken. */
  cli?: CliStartup | string;
  signUps?: SignUpBurst;
  /** SPEC §17: one and two processes. */
  liveEvents?: LiveEventsResult[];
  webhooks?: WebhookResult;
  mail?: MailReminders;
  seconds: number;
}

export interface Figure {
  what: string;
  measured: string;
  ratio: number;
  target: string;
  holds: boolean;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;
export const count = (value: number) => value.toLocaleString('en');
const REPORTED = '(reported)';
const MAX_RSS_MB = 150;

/** The baseline run of each kind with the higher req/s. */
export function bestBaselines(results: BenchResults): Baselines {
  const best = (pick: (b: Baselines) => LoadResult) => results.baselines.map(pick).reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  return { post: best((b) => b.post), get: best((b) => b.get) };
}

/** The medians over a case's rounds. */
export function summarize(rounds: ApiRound[]) {
  const of = (pick: (round: ApiRound) => number) => median(rounds.map(pick));
  const expected = (r: ApiRound) => r.outcomes.reduce((sum, outcome) => sum + outcome.sessions, 0);
  return {
    rushRps: of((r) => r.rush.requestsPerSecond),
    rushP50: of((r) => r.rush.p50Ms),
    rushP99: of((r) => r.rush.p99Ms),
    rushCpu: of((r) => r.rush.serverCpuMsPerRequest),
    nextRps: of((r) => r.next.requestsPerSecond),
    nextP50: of((r) => r.next.p50Ms),
    nextCpu: of((r) => r.next.serverCpuMsPerRequest),
    peakRss: Math.max(...rounds.map((r) => r.peakRssMb)),
    all201: rounds.every((r) => r.rush.statuses['201'] === r.rush.requests && r.rush.requests === expected(r) && !r.rush.statuses.errors && !r.rush.statuses.timeouts),
    nextAll200: rounds.every((r) => r.next.statuses['200'] === r.next.requests && !r.next.statuses.errors && !r.next.statuses.timeouts),
    problems: rounds.flatMap((r, i) => r.outcomes.flatMap((o, k) => o.problems.map((p) => `round ${i + 1} slot ${k + 1}: ${p}`))),
  };
}

const ratioFigure = (what: string, measured: string, ratio: number, target: string, holds: (ratio: number) => boolean, valid = true): Figure =>
  ({ what, measured, ratio, target, holds: valid && holds(ratio) });

/** Every target of SPEC §6 that this run measured, as a ratio against its baseline. */
export function figures(results: BenchResults): Figure[] {
  const base = bestBaselines(results);
  const out: Figure[] = [];
  const small = results.small && summarize(results.small.rounds);
  if (small) {
    out.push(
      ratioFigure('Rush: bookings/s vs POST baseline req/s', `${perSecond(small.rushRps)} vs ${perSecond(base.post.requestsPerSecond)}`, small.rushRps / base.post.requestsPerSecond, '≥ 0.5', (r) => r >= 0.5),
      ratioFigure('Rush: p99 latency vs POST baseline p99', `${ms(small.rushP99)} vs ${ms(base.post.p99Ms)}`, small.rushP99 / base.post.p99Ms, '≤ 5', (r) => r <= 5),
      ratioFigure('Rush: p50 latency vs POST baseline p50', `${ms(small.rushP50)} vs ${ms(base.post.p50Ms)}`, small.rushP50 / base.post.p50Ms, REPORTED, () => true),
      {
        what: `Rush: every booking answered 201; per slot ${count(results.small!.people / 2)} pairs, each session in exactly one, all mutual`,
        measured: small.problems.length || !small.all201 ? small.problems.join('; ') || 'not all 201' : `yes, every slot of every round`,
        ratio: NaN, target: 'all', holds: small.all201 && small.problems.length === 0,
      },
      ratioFigure('Reads: `GET /v1/sessions/next` req/s vs GET baseline req/s', `${perSecond(small.nextRps)} vs ${perSecond(base.get.requestsPerSecond)}${small.nextAll200 ? '' : ' (NOT all 200)'}`,
        small.nextRps / base.get.requestsPerSecond, '≥ 0.7', (r) => r >= 0.7, small.nextAll200),
    );
  }
  const large = results.large && summarize(results.large.rounds);
  if (small && large) {
    const sizes = `${count(results.large!.storedSessions)} vs ${count(results.small!.storedSessions)} stored sessions`;
    out.push(
      ratioFigure(`Growth: booking p50, ${sizes}`, `${ms(large.rushP50)} vs ${ms(small.rushP50)}`, large.rushP50 / small.rushP50, '≤ 1.5', (r) => r <= 1.5, large.all201 && large.problems.length === 0),
      ratioFigure(`Growth: \`next\` p50, ${sizes}`, `${ms(large.nextP50)} vs ${ms(small.nextP50)}`, large.nextP50 / small.nextP50, '≤ 1.5', (r) => r <= 1.5, large.nextAll200),
      ratioFigure('Growth: booking p99 (large vs small)', `${ms(large.rushP99)} vs ${ms(small.rushP99)}`, large.rushP99 / small.rushP99, REPORTED, () => true),
      ratioFigure('Growth: bookings/s (large vs small)', `${perSecond(large.rushRps)} vs ${perSecond(small.rushRps)}`, large.rushRps / small.rushRps, REPORTED, () => true),
    );
  }
  if (typeof results.cli === 'string') {
    out.push({ what: 'CLI start-up', measured: `not measured: ${results.cli}`, ratio: NaN, target: '≤ 1.3 / ≤ 1.8', holds: false });
  } else if (results.cli) {
    const cli = results.cli;
    const ok = cli.failures.length === 0;
    out.push(
      ratioFigure('`cowork --version` median wall time vs `node -e 0`', `${ms(cli.versionMs)} vs ${ms(cli.nodeMs)}`, cli.versionMs / cli.nodeMs, '≤ 1.3', (r) => r <= 1.3, ok),
      ratioFigure('`cowork list --json` median wall time vs `node -e 0`', `${ms(cli.listMs)} vs ${ms(cli.nodeMs)}`, cli.listMs / cli.nodeMs, '≤ 1.8', (r) => r <= 1.8, ok),
    );
  }
  if (small) {
    const measured = `${small.peakRss.toFixed(0)} MB${large ? ` (with ${count(results.large!.storedSessions)} stored: ${large.peakRss.toFixed(0)} MB)` : ''}`;
    out.push(ratioFigure('Server peak RSS (VmHWM) through the rush', measured, small.peakRss / MAX_RSS_MB, `≤ ${MAX_RSS_MB} MB`, (r) => r <= 1));
  }
  if (results.signUps) {
    const { load, peakRssMb } = results.signUps;
    const all201 = load.statuses['201'] === load.requests && !load.statuses.errors && !load.statuses.timeouts;
    out.push(
      ratioFigure(`Server peak RSS (VmHWM) through ${count(load.requests)} sign-ups, ${results.connections} in flight`, `${peakRssMb.toFixed(0)} MB${all201 ? '' : ` (NOT all 201: ${JSON.stringify(load.statuses)})`}`,
        peakRssMb / MAX_RSS_MB, `≤ ${MAX_RSS_MB} MB`, (r) => r <= 1, all201),
      ratioFigure('Sign-ups/s (scrypt-bound; p99)', `${perSecond(load.requestsPerSecond)} (p99 ${ms(load.p99Ms)})`, NaN, REPORTED, () => true),
    );
  }
  for (const live of results.liveEvents ?? []) {
    const bound = live.processes === 1 ? 250 : 1_000;
    const where = live.processes === 1 ? 'one process' : '2 processes, streams on the other';
    out.push(ratioFigure(`Live events: booking 201 → partner's event p99, ${count(live.streams)} streams, ${count(live.bookings)}-booking rush, ${where}`,
      `${ms(live.p99Ms)} (p50 ${ms(live.p50Ms)}; ${count(live.timed)} timed${live.missing ? `, ${live.missing} MISSING` : ''})`, live.p99Ms / bound, `≤ ${bound} ms`, (r) => r <= 1, live.missing === 0));
    if (live.processes === 1) {
      out.push(ratioFigure(`Live events: RSS with ${count(live.streams)} streams open vs idle + 40 MB`, `${live.streamsRssMb.toFixed(0)} MB vs ${live.idleRssMb.toFixed(0)} + 40 MB (after the rush ${live.afterRushRssMb.toFixed(0)} MB)`,
        live.streamsRssMb / (live.idleRssMb + 40), '≤ 1', (r) => r <= 1));
    }
  }
  if (results.webhooks) {
    const hooks = results.webhooks;
    out.push(ratioFigure('Webhooks: booking 201 → `session.matched` at a loopback receiver, p95', `${ms(hooks.p95Ms)} (p50 ${ms(hooks.p50Ms)}; ${count(hooks.deliveries)} timed${hooks.missing ? `, ${hooks.missing} MISSING` : ''})`,
      hooks.p95Ms / 1_000, '≤ 1,000 ms', (r) => r <= 1, hooks.missing === 0));
  }
  if (results.mail) {
    const { people, latenessMs } = results.mail;
    const latest = Math.max(...latenessMs);
    out.push(ratioFigure(`Mail: a reminder handed to the SMTP server after its due time (latest of ${people}, default job settings)`,
      `${(latest / 1000).toFixed(1)} s (median ${(median(latenessMs) / 1000).toFixed(1)} s)${latenessMs.length === people ? '' : ` (only ${latenessMs.length} of ${people} arrived)`}`,
      latest / 60_000, '≤ 60 s', (r) => r <= 1, latenessMs.length === people));
  }
  return out;
}

/** Server CPU time per request (user + system, from /proc), robust to the other work on the machine. */
export function cpuTable(results: BenchResults): string[] {
  const base = bestBaselines(results);
  const rows: [string, number][] = [['POST baseline (parse JSON, 201)', base.post.serverCpuMsPerRequest], ['GET baseline (small JSON)', base.get.serverCpuMsPerRequest]];
  for (const [name, result] of [['small', results.small], ['large', results.large]] as const) {
    if (!result) continue;
    const s = summarize(result.rounds);
    rows.push([`booking, rush (${name}: ${count(result.storedSessions)} stored)`, s.rushCpu], [`\`next\` (${name})`, s.nextCpu]);
  }
  if (results.signUps) rows.push(['sign-up (scrypt)', results.signUps.load.serverCpuMsPerRequest]);
  return ['| request | server CPU per request |', '|---|---|', ...rows.map(([what, value]) => `| ${what} | ${value.toFixed(3)} ms |`)];
}
