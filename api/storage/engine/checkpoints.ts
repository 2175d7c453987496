import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { truncateAfterErasures, type HeldWrites } from './wal-truncation.js';

/**
 * SQLite starts the WAL over from its beginning only when a write transaction begins with every
 * frame already checkpointed, which a checkpoint running beside a stream of commits never achieves:
 * in a rush the WAL grew until a commit checkpointed inline, on the event loop (20–50 ms). So after
 * a checkpoint that leaves the WAL at least WAL_FRAMES_WORTH_A_RESTART long (about 4 MB), writes
 * are held for a moment (the event loop keeps running; reads go on) while the worker copies the
 * last few frames, and the next commit starts the WAL over. While writes keep coming (a rush) that
 * pause waits for a moment when no write is in flight, until the WAL reaches
 * WAL_FRAMES_BEFORE_FORCED_RESTART.
 */
export const WAL_FRAMES_WORTH_A_RESTART = 1_000;
export const WAL_FRAMES_BEFORE_FORCED_RESTART = 10_000;

/**
 * The safety net: a commit checkpoints by itself, on the event loop, only if the WAL grows past
 * this many pages (about 80 MB) anyway, e.g. when readers keep the checkpointer from catching up.
 */
export const WAL_PAGES_BEFORE_INLINE_CHECKPOINT = 20_000;

/** How often a WAL past WAL_FRAMES_WORTH_A_RESTART is checkpointed: a rush adds ~1,000 frames in 100 ms. */
const LONG_WAL_CHECK_MS = 100;

/**
 * Runs in a worker thread with its own connection. PASSIVE copies what it can without waiting
 * for readers or writers; the driver's wait for a lock blocks this thread only. A periodic
 * checkpoint that leaves a long WAL says how long, once per length.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.path, { timeout: 1000 });
db.exec('PRAGMA secure_delete = ON');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const truncation = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
parentPort.postMessage({ ready: true });
let reported = false;
function framesAfterCheckpoint() {
  try {
    return checkpoint.all()[0].log;
  } catch (error) {
    if (!reported) parentPort.postMessage({ error: String(error && error.message || error) });
    reported = true;
    return 0;
  }
}
let told = -1;
let timer;
function tick() {
  const frames = framesAfterCheckpoint();
  // When no write came since the last time, that restart already found the WAL complete.
  if (frames >= workerData.restartFrames && frames !== told) parentPort.postMessage({ frames });
  told = frames;
  // A long WAL is watched closely, so that a rush's restart comes before the inline checkpoint.
  timer = setTimeout(tick, frames >= workerData.restartFrames ? Math.min(workerData.intervalMs, workerData.longWalCheckMs) : workerData.intervalMs);
}
timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.truncate !== undefined) {
    // TRUNCATE waits (the timeout above) for readers of older frames and for the write lock; a
    // reader that keeps an old snapshot past that makes it answer busy, and the caller tries again.
    let truncated = false;
    try {
      const result = truncation.all()[0];
      truncated = result.busy === 0 && result.log === 0;
    } catch (error) {
      parentPort.postMessage({ error: String(error && error.message || error) });
    }
    parentPort.postMessage({ truncate: message.truncate, truncated });
    return;
  }
  if (message.finish !== undefined) {
    framesAfterCheckpoint();
    parentPort.postMessage({ finished: message.finish });
    return;
  }
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

type WorkerMessage = { ready: true } | { error: string } | { frames: number } | { finished: number } | { truncate: number; truncated: boolean };

export interface Checkpoints {
  /** Settles once the worker has its connection and its first checkpoint is `intervalMs` away (a thread takes tens of ms to start). */
  ready: Promise<void>;
  /**
   * One `wal_checkpoint(TRUNCATE)` in the worker: every frame copied into the database file and
   * the WAL cut to zero bytes. Answers whether that happened (false: a reader or writer of some
   * process held on past the worker's wait, or the worker is gone).
   */
  truncateWal(): Promise<boolean>;
  stop(): Promise<void>;
}

/** When the WAL is started over (tests make them small). */
export interface WalRestarts {
  /** Frames left after a checkpoint that make a restart worth a moment of held writes. */
  restartFrames: number;
  /** Frames past which the restart holds writes even while they keep coming. */
  forcedRestartFrames: number;
  /** How long writes wait for the last checkpoint at most (it bounds a slow disk, or another process's checkpoint). */
  finishWaitMs: number;
}

const WAL_RESTARTS: WalRestarts = { restartFrames: WAL_FRAMES_WORTH_A_RESTART, forcedRestartFrames: WAL_FRAMES_BEFORE_FORCED_RESTART, finishWaitMs: 50 };

/**
 * Checkpoints the WAL of the embedded database at `url` every `intervalMs`, off the event loop, so
 * that no request's commit carries a checkpoint (SQLite otherwise runs one inside the commit that
 * takes the WAL past 1,000 pages, and every request in flight waits for its disk syncs), and has
 * the WAL started over when it is long (above).
 * Pair it with `walAutocheckpointPages: WAL_PAGES_BEFORE_INLINE_CHECKPOINT` on the Database.
 * After each deletion it also cuts the WAL to zero bytes (wal-truncation.ts).
 */
export function startCheckpoints(url: string, intervalMs: number, writes: HeldWrites, onError: (message: string) => void, walRestarts = WAL_RESTARTS): Checkpoints {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // It holds one statement: a small heap keeps its cost in RSS to a few MB.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8, stackSizeMb: 1 },
    workerData: { libsql: createRequire(import.meta.url).resolve('libsql'), path: fileURLToPath(url), intervalMs, restartFrames: walRestarts.restartFrames, longWalCheckMs: LONG_WAL_CHECK_MS },
  });
  worker.unref();
  let finishes = 0;
  let waiting: { id: number; done(): void } | undefined;
  let restartQueued = false;
  // Runs between two write batches: the worker copies the frames committed since its last checkpoint.
  const finish = () =>
    new Promise<void>((resolve) => {
      const id = ++finishes;
      const done = () => {
        clearTimeout(timer);
        waiting = undefined;
        restartQueued = false;
        resolve();
      };
      const timer = setTimeout(done, walRestarts.finishWaitMs);
      waiting = { id, done };
      worker.postMessage({ finish: id });
    });
  let truncations = 0;
  const truncating = new Map<number, (truncated: boolean) => void>();
  let stopped = false;
  const truncateWal = () =>
    new Promise<boolean>((resolve) => {
      if (stopped) return resolve(false);
      const id = ++truncations;
      truncating.set(id, resolve);
      worker.postMessage({ truncate: id });
    });
  let started: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  worker.on('message', (message: WorkerMessage) => {
    if ('ready' in message) started();
    else if ('error' in message) onError(message.error);
    else if ('truncate' in message) {
      truncating.get(message.truncate)?.(message.truncated);
      truncating.delete(message.truncate);
    } else if ('finished' in message) {
      if (waiting?.id === message.finished) waiting.done();
    } else if (!restartQueued && (writes.writesIdle || message.frames >= walRestarts.forcedRestartFrames)) {
      restartQueued = true;
      writes.betweenWrites(finish);
    }
  });
  worker.on('error', (error) => onError(error.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => {
    started();
    stopped = true;
    for (const resolve of truncating.values()) resolve(false);
    truncating.clear();
  });
  const truncation = truncateAfterErasures(writes, truncateWal, { retryMs: intervalMs, holdMs: walRestarts.finishWaitMs, onStuck: onError });
  const stopTruncating = writes.onErasure(() => truncation.requested());
  return {
    ready,
    truncateWal,
    stop: () => {
      stopped = true;
      stopTruncating();
      truncation.stop();
      waiting?.done();
      worker.ref(); // keeps the process alive until the worker closed its connection
      worker.postMessage({ stop: true });
      return exited;
    },
  };
}
