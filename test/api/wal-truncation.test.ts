import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import LibsqlDatabase from 'libsql';
import { startCheckpoints } from '../../api/storage/engine/checkpoints.js';
import { Database } from '../../api/storage/engine/database.js';
import { truncateAfterErasures, type HeldWrites } from '../../api/storage/engine/wal-truncation.js';

describe('the WAL cut to zero bytes after a deletion', () => {
  test('a reader holding a snapshot older than the last commit keeps the WAL from being truncated; once it lets go, it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cowork-wal-truncation-'));
    const path = join(dir, 'cowork.db');
    const db = await Database.open({ url: pathToFileURL(path).href });
    // A long interval: only the truncations asked for here run.
    const checkpoints = startCheckpoints(pathToFileURL(path).href, 600_000, db, () => {});
    const reader = new LibsqlDatabase(path);
    try {
      await checkpoints.ready;
      await db.write((tx) => tx.run('CREATE TABLE scratch (x TEXT NOT NULL)'));
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM scratch').all();
      await db.write((tx) => tx.run("INSERT INTO scratch VALUES ('after the reader began')"));
      assert.equal(await checkpoints.truncateWal(), false, 'the reader still needs frames of the WAL');
      assert.ok(statSync(`${path}-wal`).size > 0);
      reader.exec('COMMIT');
      assert.equal(await checkpoints.truncateWal(), true);
      assert.equal(statSync(`${path}-wal`).size, 0);
      assert.equal((await db.get('SELECT x FROM scratch'))?.x, 'after the reader began', 'nothing committed is lost');
    } finally {
      reader.close();
      await checkpoints.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a truncation that fails is tried again until it succeeds, and a deletion committed during an attempt gets an attempt that starts after it', async () => {
    const heldTasks: string[] = [];
    const writes: HeldWrites = {
      writesIdle: true,
      betweenWrites: (task) => {
        heldTasks.push('held');
        void task();
      },
      onErasure: () => () => {},
    };
    const attempts: Array<(truncated: boolean) => void> = [];
    const truncateWal = () => new Promise<boolean>((resolve) => attempts.push(resolve));
    const truncation = truncateAfterErasures(writes, truncateWal, { retryMs: 5, holdMs: 1, onStuck: () => {} });
    const nextAttempt = async (count: number) => {
      while (attempts.length < count) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    try {
      truncation.requested();
      await nextAttempt(1);
      attempts[0]!(false); // a reader held on: tried again
      await nextAttempt(2);
      truncation.requested(); // a second deletion commits while the second attempt runs
      attempts[1]!(true);
      await nextAttempt(3); // that attempt may have begun before the second deletion: another one
      attempts[2]!(true);
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(attempts.length, 3, 'both deletions are covered: nothing more runs');
      truncation.requested();
      await nextAttempt(4);
      attempts[3]!(true);
      assert.equal(heldTasks.length, 4, 'every attempt ran between write batches');
    } finally {
      truncation.stop();
    }
  });
});
