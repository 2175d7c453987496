import cluster, { type Worker } from 'node:cluster';
import { CliError, EXIT } from '../errors.js';

/**
 * The primary of `cowork serve --processes <n>`: it forks n copies of this command (each one a whole
 * server, with its own database connections and job runner, see serve.ts) that share the listening
 * port through node:cluster, restarts one that dies, and stops them all on SIGINT or SIGTERM. It
 * serves nothing itself and loads none of the server's code, so it stays a few megabytes.
 */

/** What a worker tells the primary once it listens. */
export interface ListeningMessage {
  cowork: 'listening';
  url: string;
}

const isListening = (message: unknown): message is ListeningMessage => (message as ListeningMessage | null)?.cowork === 'listening';

// A worker that keeps dying (a full disk, a database gone) is retried ever more slowly, never in a tight loop.
const FIRST_RESTART_MS = 500;
const LONGEST_RESTART_MS = 30_000;
// A worker that lived this long died of something new: its replacement starts without waiting long.
const HEALTHY_AFTER_MS = 60_000;

const describeExit = (code: number | null, signal: string | null) => (signal ? `signal ${signal}` : `exit code ${code}`);

const listeningWorkers = new WeakSet<Worker>();

/** Forks one worker; `listening` resolves with its URL, or rejects with its exit code if it stops first. */
function fork(workers: Set<Worker>): { worker: Worker; listening: Promise<string> } {
  const worker = cluster.fork();
  workers.add(worker);
  const listening = new Promise<string>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (!isListening(message)) return;
      listeningWorkers.add(worker);
      resolve(message.url);
    });
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      reject(new CliError(`a server process stopped before listening (${describeExit(code, signal)}); its message is above.`, code || EXIT.failure));
    });
  });
  return { worker, listening };
}

export async function runPrimary(count: number): Promise<void> {
  const workers = new Set<Worker>();
  let stopping = false;
  const pendingRestarts = new Set<NodeJS.Timeout>();
  let failures = 0;
  let cleanExits = true;
  let allStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (allStopped = resolve));

  const stopAll = () => {
    stopping = true;
    for (const timer of pendingRestarts) clearTimeout(timer);
    // A second signal reaches workers that already drain, and ends them at once.
    for (const worker of workers) worker.process.kill('SIGTERM');
    if (workers.size === 0) allStopped();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) process.stderr.write(`cowork: ${signal}, finishing open requests…\n`);
    stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const watch = (worker: Worker) => {
    const startedAt = Date.now();
    worker.once('exit', (code, signal) => {
      if (stopping) {
        // One still starting may die of the SIGTERM before it can catch it: it served nothing.
        if (code !== 0 && listeningWorkers.has(worker)) cleanExits = false;
        if (workers.size === 0) allStopped();
        return;
      }
      failures = Date.now() - startedAt > HEALTHY_AFTER_MS ? 1 : failures + 1;
      const delay = Math.min(FIRST_RESTART_MS * 2 ** (failures - 1), LONGEST_RESTART_MS);
      process.stderr.write(`cowork: server process ${worker.process.pid} stopped (${describeExit(code, signal)}); starting another in ${delay / 1000} s.\n`);
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        replace();
      }, delay);
      pendingRestarts.add(timer);
    });
  };
  const replace = () => {
    const { worker, listening } = fork(workers);
    // Watched from the fork on: a replacement that fails at start-up is retried too, more slowly.
    watch(worker);
    listening.catch(() => {});
  };

  try {
    // One after another: the first one migrates the database, the others find it ready.
    let url = '';
    for (let i = 0; i < count && !stopping; i++) {
      const { worker, listening } = fork(workers);
      url = await listening;
      watch(worker);
    }
    if (!stopping) process.stdout.write(`cowork listening on ${url}\n`);
  } catch (error) {
    stopAll();
    await stopped;
    throw error;
  }
  await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (!cleanExits) throw new CliError('a server process did not stop cleanly.', EXIT.failure);
}
