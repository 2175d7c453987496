import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import LibsqlDatabase from 'libsql';
import { Database } from '../../api/storage/engine/database.js';
import { MAX_WRITES_PER_BATCH } from '../../api/storage/engine/write-batch.js';
import { createHarness, json, type Harness } from './harness.js';

/** Holds the writer in an open transaction until `release()`, so the writes sent meanwhile queue up. */
async function holdWriter(db: Database): Promise<{ release(): void; done: Promise<void> }> {
  let started!: () => void;
  let release!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const done = db.write(async () => {
    started();
    await gate;
  });
  await running;
  return { release, done };
}

/** Requests reach the write queue after parsing their bodies, which takes a few turns of the loop. */
async function untilQueued(db: Database, count: number): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (db.queuedWrites < count) {
    if (Date.now() > giveUpAt) throw new Error(`only ${db.queuedWrites} of ${count} writes queued`);
    await sleep(1);
  }
}

/** A database file of its own with a scratch table, opened through one driver. */
interface Store {
  db: Database;
  dbUrl: string;
  inspect(): Client;
  close(): void;
}

async function openStore(driver: 'embedded' | 'client'): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-group-commit-'));
  const dbUrl = pathToFileURL(join(dir, 'cowork.db')).href;
  const db = await Database.open({ url: dbUrl, driver });
  await db.write((tx) => tx.run('CREATE TABLE scratch (x INTEGER NOT NULL)'));
  const clients: Client[] = [];
  return {
    db,
    dbUrl,
    inspect: () => {
      const client = createClient({ url: dbUrl });
      clients.push(client);
      return client;
    },
    close: () => {
      for (const client of clients) client.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const rowsOf = async (s: Store) => (await s.inspect().execute('SELECT x FROM scratch ORDER BY x')).rows.map((row) => Number(row.x));

describe('group commit of bookings', () => {
  let h: Harness;
  before(async () => (h = await createHarness()));
  after(() => h.close());

  test('bookings queued while a transaction runs commit together, and the one refused (an overlap) leaves the others committed', async () => {
    const [ada, bob, cy, di] = [await h.signUp('Ada'), await h.signUp('Bob'), await h.signUp('Cy'), await h.signUp('Di')];
    assert.equal((await h.book(ada.token, '2030-01-08T09:00:00Z')).status, 201);
    const before = { ...h.db.commits };
    const held = await holdWriter(h.db);
    const answers = Promise.all([
      h.book(ada.token, '2030-01-08T09:30:00Z'),
      h.book(bob.token, '2030-01-08T11:00:00Z'),
      h.book(cy.token, '2030-01-08T11:00:00Z'),
      h.book(di.token, '2030-01-08T11:00:00Z'),
    ]);
    try {
      await untilQueued(h.db, 4);
    } finally {
      held.release();
    }
    const [overlap, bobBooked, cyBooked, diBooked] = await answers;

    assert.deepEqual(h.db.commits, { batches: before.batches + 2, writes: before.writes + 5 }, 'the held write, then one batch of four');
    assert.equal(overlap.status, 409);
    assert.equal((await json(overlap)).type, 'urn:cowork:problem:session-overlap');
    assert.deepEqual([bobBooked, cyBooked, diBooked].map((response) => response.status), [201, 201, 201]);
    const [bobs, cys, dis] = await Promise.all([json(bobBooked), json(cyBooked), json(diBooked)]);
    assert.equal(cys.partner.id, bob.id, 'Cy, booked after Bob in the same batch, is paired with him');
    assert.equal((await json(await h.request('GET', `/v1/sessions/${bobs.id}`, { token: bob.token }))).partner.id, cy.id);
    assert.equal(dis.status, 'waiting');
    const adas = await h.inspect().execute({ sql: 'SELECT start_at FROM sessions WHERE user_id = ?', args: [ada.id] });
    assert.deepEqual(adas.rows.map((row) => new Date(Number(row.start_at)).toISOString()), ['2030-01-08T09:00:00.000Z']);
  });
});

for (const driver of ['embedded', 'client'] as const) {
  describe(driver === 'embedded' ? 'group commit through the embedded libsql driver' : 'group commit through @libsql/client, the remote path', () => {
    let s: Store;
    before(async () => (s = await openStore(driver)));
    after(() => s.close());

    test('a write that throws rolls back only its own statements and rejects only its caller; the others are told only after COMMIT', async () => {
      await s.db.write((tx) => tx.run('DELETE FROM scratch'));
      const observer = new LibsqlDatabase(fileURLToPath(s.dbUrl));
      const committedRows = () => Number((observer.prepare('SELECT count(*) AS n FROM scratch').get() as { n: number }).n);
      const held = await holdWriter(s.db);
      const seenByCaller: number[] = [];
      const writes = [
        s.db.write((tx) => tx.run('INSERT INTO scratch (x) VALUES (1)')).then(() => seenByCaller.push(committedRows())),
        s.db.write(async (tx) => {
          await tx.run('INSERT INTO scratch (x) VALUES (2)');
          throw new Error('refused after writing');
        }),
        s.db.write((tx) => tx.run('INSERT INTO scratch (x) VALUES (3)')).then(() => seenByCaller.push(committedRows())),
      ];
      try {
        await untilQueued(s.db, 3);
      } finally {
        held.release();
      }
      const outcomes = await Promise.allSettled(writes);
      observer.close();

      assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.equal(((outcomes[1] as PromiseRejectedResult).reason as Error).message, 'refused after writing');
      assert.deepEqual(await rowsOf(s), [1, 3]);
      assert.deepEqual(seenByCaller, [2, 2], 'each caller was answered once both surviving rows were committed');
    });

    test('a write refused after reading only leaves its batch running once; one refused after writing makes the batch start over, still committing each other write once', async () => {
      for (const refusedAfter of ['reading', 'writing'] as const) {
        await s.db.write((tx) => tx.run('DELETE FROM scratch'));
        const held = await holdWriter(s.db);
        const runs = [0, 0];
        const writes = [
          s.db.write(async (tx) => {
            runs[0]!++;
            await tx.run('INSERT INTO scratch (x) VALUES (1)');
          }),
          s.db.write(async (tx) => {
            await tx.get('WITH n AS (SELECT count(*) AS c FROM scratch) SELECT c FROM n');
            if (refusedAfter === 'writing') await tx.run('INSERT INTO scratch (x) VALUES (2)');
            throw new Error(`refused after ${refusedAfter}`);
          }),
          s.db.write(async (tx) => {
            runs[1]!++;
            await tx.run('INSERT INTO scratch (x) VALUES (3)');
          }),
        ];
        try {
          await untilQueued(s.db, 3);
        } finally {
          held.release();
        }
        const outcomes = await Promise.allSettled(writes);

        assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled'], refusedAfter);
        assert.deepEqual(await rowsOf(s), [1, 3], refusedAfter);
        assert.deepEqual(runs, refusedAfter === 'reading' ? [1, 1] : [2, 1], `${refusedAfter}: how often the other writes ran`);
      }
    });

    test('SQLITE_BUSY in the middle of a batch reruns the whole batch, and every write commits exactly once', async () => {
      await s.db.write((tx) => tx.run('DELETE FROM scratch'));
      const held = await holdWriter(s.db);
      let firstRuns = 0;
      let busyOnce = true;
      const writes = [
        s.db.write(async (tx) => {
          firstRuns++;
          await tx.run('INSERT INTO scratch (x) VALUES (1)');
        }),
        s.db.write(async (tx) => {
          await tx.run('INSERT INTO scratch (x) VALUES (2)');
          if (busyOnce) {
            busyOnce = false;
            throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          }
        }),
        s.db.write((tx) => tx.run('INSERT INTO scratch (x) VALUES (3)')),
      ];
      try {
        await untilQueued(s.db, 3);
      } finally {
        held.release();
      }
      await Promise.all(writes);

      assert.equal(firstRuns, 2, 'the write before the BUSY ran again in the rerun batch');
      assert.deepEqual(await rowsOf(s), [1, 2, 3]);
    });

    test('writes that meet another connection holding the lock wait without blocking, then all commit once it is released', async () => {
      await s.db.write((tx) => tx.run('DELETE FROM scratch'));
      const recoveriesBefore = s.db.busyRecoveries;
      const lock = await s.inspect().transaction('write');
      const writes = [1, 2, 3].map((x) => s.db.write((tx) => tx.run('INSERT INTO scratch (x) VALUES (?)', [x])));
      for (let turns = 0; s.db.busyRecoveries < recoveriesBefore + 2; turns++) {
        assert.ok(turns < 10_000, 'the writes retried');
        assert.equal((await s.db.get('SELECT 1 AS ok'))!.ok, 1, 'reads answer while the writes wait');
        await sleep(1);
      }
      await lock.rollback();
      await Promise.all(writes);
      assert.deepEqual(await rowsOf(s), [1, 2, 3]);
    });

    test(`a batch carries at most ${MAX_WRITES_PER_BATCH} writes`, async () => {
      await s.db.write((tx) => tx.run('DELETE FROM scratch'));
      const count = MAX_WRITES_PER_BATCH * 2 + 10;
      const before = s.db.commits.batches;
      const held = await holdWriter(s.db);
      const writes = Array.from({ length: count }, (_, x) => s.db.write((tx) => tx.run('INSERT INTO scratch (x) VALUES (?)', [x])));
      try {
        await untilQueued(s.db, count);
      } finally {
        held.release();
      }
      await Promise.all(writes);
      assert.equal(s.db.commits.batches - before, 1 + 3, 'the held write, then three batches');
      assert.equal((await rowsOf(s)).length, count);
    });
  });
}
