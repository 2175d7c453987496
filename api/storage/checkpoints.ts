import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * With background checkpoints running, a commit checkpoints by itself only if the WAL grows past
 * this many pages (about 40 MB) anyway, e.g. when readers keep the checkpointer from catching up.
 */
export const WAL_PAGES_BEFORE_INLINE_CHECKPOINT = 10_000;

/**
 * Runs in a worker thread with its own connection. PASSIVE copies what it can without waiting
 * for readers or writers; the driver's wait for a lock blocks this thread only.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.path, { timeout: 1000 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let reported = false;
const timer = setInterval(() => {
  try {
    checkpoint.all();
  } catch (error) {
    if (!reported) parentPort.postMessage(String(error && error.message || error));
    reported = true;
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpoints {
  stop(): Promise<void>;
}

/**
 * Checkpoints the WAL of the embedded database at `url` every `intervalMs`, off the event loop, so
 * that no request's commit carries a checkpoint (SQLite otherwise runs one inside the commit that
 * takes the WAL past 1,000 pages, and every request in flight waits for its disk syncs).
 * Pair it with `walAutocheckpointPages: WAL_PAGES_BEFORE_INLINE_CHECKPOINT` on the Database.
 */
export function startCheckpoints(url: string, intervalMs: number, onError: (message: string) => void): Checkpoints {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // It holds one statement: a small heap keeps its cost in RSS to a few MB.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8, stackSizeMb: 1 },
    workerData: { libsql: createRequire(import.meta.url).resolve('libsql'), path: fileURLToPath(url), intervalMs },
  });
  worker.unref();
  worker.on('message', (message: string) => onError(message));
  worker.on('error', (error) => onError(error.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: () => {
      worker.ref(); // keeps the process alive until the worker closed its connection
      worker.postMessage('stop');
      return exited;
    },
  };
}
