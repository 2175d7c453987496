import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import LibsqlDatabase from 'libsql';
import { startCheckpoints } from '../../api/storage/engine/checkpoints.js';
import { Database } from '../../api/storage/engine/database.js';

const PAGE_BYTES = 4096;

async function withDatabase(run: (db: Database, path: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-wal-restart-'));
  const path = join(dir, 'cowork.db');
  // SQLite's own checkpoint inside a commit would restart the WAL too: out of the way here.
  const db = await Database.open({ url: pathToFileURL(path).href, walAutocheckpointPages: 1_000_000 });
  try {
    await db.write((tx) => tx.run('CREATE TABLE scratch (x INTEGER NOT NULL, filler BLOB NOT NULL)'));
    await run(db, path);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the WAL is started over while writes keep coming', () => {
  test('a task between writes runs with no write transaction open, and the writes queued behind it wait for it', async () => {
    await withDatabase(async (db, path) => {
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const firstStarted = new Promise<void>((resolve) => (started = resolve));
      const first = db.write(async (tx) => {
        started();
        await gate;
        await tx.run("INSERT INTO scratch VALUES (1, x'')");
        order.push('first write');
      });
      await firstStarted;
      // Both queue while the first write's transaction is open.
      const second = db.write(async (tx) => {
        await tx.run("INSERT INTO scratch VALUES (2, x'')");
        order.push('second write');
      });
      let finishTask!: () => void;
      const taskRan = new Promise<void>((resolve) => {
        db.betweenWrites(async () => {
          // Another connection can take the write lock only if no transaction of ours is open.
          const other = new LibsqlDatabase(path, { timeout: 0 } as LibsqlDatabase.Options);
          other.exec('BEGIN IMMEDIATE; ROLLBACK');
          other.close();
          order.push('task');
          resolve();
          await new Promise<void>((done) => (finishTask = done));
        });
      });
      release();
      await taskRan;
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(order, ['first write', 'task'], 'the second write waits while the task runs');
      finishTask();
      await Promise.all([first, second]);
      assert.deepEqual(order, ['first write', 'task', 'second write']);
    });
  });

  test('a WAL that a stream of writes keeps busy is started over at a bounded length, every write kept', async () => {
    await withDatabase(async (db, path) => {
      const errors: string[] = [];
      const checkpoints = startCheckpoints(pathToFileURL(path).href, 10, db, (message) => errors.push(message), { restartFrames: 20, forcedRestartFrames: 200, finishWaitMs: 10_000 });
      const WRITES = 3_000;
      // The whole stream takes ~150 ms: started before the worker runs, it would outgrow the bound first.
      await checkpoints.ready;
      let sent = 0;
      // Sixteen writers that each send their next write as soon as the last one committed: never idle.
      const writer = async () => {
        while (sent < WRITES) {
          sent++;
          await db.write((tx) => tx.run('INSERT INTO scratch VALUES (?, randomblob(3500))', [sent]));
        }
      };
      try {
        await Promise.all(Array.from({ length: 16 }, writer));
      } finally {
        await checkpoints.stop();
      }
      assert.deepEqual(errors, []);
      const { count } = (await db.get('SELECT count(*) AS count FROM scratch'))!;
      assert.equal(count, WRITES);
      // Each write adds at least one page; kept growing, the WAL would hold 3,000 frames or more.
      const walPages = statSync(`${path}-wal`).size / PAGE_BYTES;
      assert.ok(walPages < 2_500, `the WAL reached ${Math.round(walPages)} pages`);
    });
  });
});
