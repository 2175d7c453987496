import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { Database } from '../../api/storage/engine/database.js';
import { SCHEMA_VERSIONS } from '../../api/storage/migrations/runner.js';
import { createHarness, json, type Harness } from './harness.js';

describe('the SQLITE_BUSY guard', () => {
  let h: Harness;
  before(async () => (h = await createHarness(undefined, 50)));
  after(() => h.close());

  test('a write that meets SQLITE_BUSY until its deadline answers 503 with Retry-After, and every acknowledged write after it is in the database', async () => {
    const ada = await h.signUp('Ada');
    const locker = h.inspect();
    const lock = await locker.transaction('write');
    const refused = await h.book(ada.token, '2030-01-08T09:00:00Z');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.ok(h.db.busyRecoveries >= 1, 'the connection that saw BUSY was reopened');
    await lock.commit();

    const acknowledged: string[] = [];
    for (let day = 8; day <= 27; day++) {
      const response = await h.book(ada.token, `2030-01-${String(day).padStart(2, '0')}T09:00:00Z`);
      assert.equal(response.status, 201);
      acknowledged.push((await json(response)).id);
    }
    const bob = await h.signUp('Bob');

    const fresh = h.inspect();
    const stored = await fresh.execute(`SELECT id FROM sessions ORDER BY start_at`);
    assert.deepEqual(stored.rows.map((row) => String(row.id)), acknowledged);
    const users = await fresh.execute({ sql: 'SELECT count(*) AS n FROM users WHERE id = ?', args: [bob.id] });
    assert.equal(Number(users.rows[0]!.n), 1);
  });

  test('acknowledged writes survive closing the process connection', async () => {
    const before = Number((await h.inspect().execute('SELECT count(*) AS n FROM sessions')).rows[0]!.n);
    const reopened = await Database.open({ url: h.dbUrl });
    const after = Number((await reopened.get('SELECT count(*) AS n FROM sessions'))!.n);
    reopened.close();
    assert.equal(after, before);
  });
});

const openDatabaseScript = fileURLToPath(new URL('./fixtures/open-database.ts', import.meta.url));
const openInChildProcess = (url: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', openDatabaseScript, url]);

describe('schema migrations', () => {
  test('run twice and from two processes at once, each version is applied exactly once', async () => {
    const h = await createHarness();
    try {
      await Promise.all([openInChildProcess(h.dbUrl), openInChildProcess(h.dbUrl)]);
      const versions = await h.inspect().execute('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(versions.rows.map((row) => Number(row.version)), SCHEMA_VERSIONS);
      const journal = await h.inspect().execute('PRAGMA journal_mode');
      assert.equal(String(journal.rows[0]![0]), 'wal');
    } finally {
      h.close();
    }
  });
});
