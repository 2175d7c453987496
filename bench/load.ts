import autocannon from 'autocannon';
import { cpuMs } from './memory.js';

/**
 * Requests of each kind sent before a server is measured, and not counted: the same for the
 * baselines and the API, so both are measured with their code optimised by V8 as on a live server.
 */
export const WARM_UP_REQUESTS = 5_000;

/** One HTTP request of a load run; `index` counts the requests of the run from 0. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** How many answers had each HTTP status, plus `errors` and `timeouts` of the client. */
  statuses: Record<string, number>;
  /** The server process's CPU time (user + system) over the run, per answered request. */
  serverCpuMsPerRequest: number;
}

export interface LoadPlan {
  url: string;
  connections: number;
  /** Exactly this many requests are sent, then the run ends; a bound of time applies too. */
  amount: number;
  request: (index: number) => LoadRequest;
  /** The server's process id, to measure the CPU time it spends on the run. */
  serverPid: number;
  /** Bounds of a run and of one request; sign-ups (a scrypt hash each) need more than the defaults. */
  maxRunSeconds?: number;
  requestTimeoutSeconds?: number;
}

const MAX_RUN_SECONDS = 120;
const REQUEST_TIMEOUT_SECONDS = 30;

/**
 * Drives a server with autocannon, the same way for the baseline and for the API, so the two
 * can be compared. autocannon calls `setupRequest` once per request sent, in order.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  if (!plan.url.startsWith('http://127.0.0.1:')) throw new Error(`benchmarks only target 127.0.0.1, not ${plan.url}`);
  let index = 0;
  const cpuBefore = cpuMs(plan.serverPid);
  // The promise autocannon returns is its run tracker too, which can be stopped and observed.
  const started = performance.now();
  let lastAnswer = started;
  const run = autocannon({
    url: plan.url,
    connections: plan.connections,
    amount: plan.amount,
    timeout: plan.requestTimeoutSeconds ?? REQUEST_TIMEOUT_SECONDS,
    requests: [
      {
        setupRequest: (request) => {
          const next = plan.request(index++);
          return { ...request, method: next.method, path: next.path, headers: next.headers ?? {}, body: next.body ?? '' };
        },
      },
    ],
  }) as Promise<autocannon.Result> & { stop(): void };
  // autocannon notices the end of an `amount` run only at its next one-second tick, so its own
  // duration is rounded up to whole seconds; the run really ends with the last answer.
  (run as unknown as NodeJS.EventEmitter).on('response', () => void (lastAnswer = performance.now()));
  // `amount` overrides autocannon's own duration, so the bound of time is kept here.
  const bound = setTimeout(() => run.stop(), (plan.maxRunSeconds ?? MAX_RUN_SECONDS) * 1000);
  let result: autocannon.Result;
  try {
    result = await run;
  } finally {
    clearTimeout(bound);
  }
  const serverCpu = cpuMs(plan.serverPid) - cpuBefore;
  const statuses: Record<string, number> = { errors: result.errors, timeouts: result.timeouts };
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = count ?? 0;
  const requests = Object.entries(statuses).reduce((sum, [key, count]) => sum + (/^\d+$/.test(key) ? count : 0), 0);
  const seconds = (lastAnswer - started) / 1000;
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statuses,
    serverCpuMsPerRequest: serverCpu / requests,
  };
}
