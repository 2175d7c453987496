import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { ConfigError } from '../../api/config/config.js';
import { databaseSettings } from '../../api/storage/engine/database-settings.js';
import { startServerProcess } from '../helpers/server-process.js';

describe('WAL checkpoints off the request path', () => {
  test('a worker thread copies committed writes into the database file without any request doing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cowork-checkpoint-'));
    const dbPath = join(dir, 'cowork.db');
    const server = await startServerProcess({ dbPath, env: { COWORK_DB_CHECKPOINT_MS: '50' } });
    try {
      const email = `checkpointed.${Date.now()}@example.org`;
      const response = await fetch(`${server.url}/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email, password: 'long enough password' }),
      });
      assert.equal(response.status, 201);
      // A commit this small never reaches SQLite's own checkpoint threshold: only the worker moves it.
      const giveUpAt = Date.now() + 10_000;
      while (!readFileSync(dbPath).includes(email)) {
        assert.ok(Date.now() < giveUpAt, 'the sign-up reached the database file');
        await sleep(20);
      }
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('database settings', () => {
  test('COWORK_DB_WAIT_MS and COWORK_DB_CHECKPOINT_MS default to 10 s and 1 s, and take whole milliseconds', () => {
    assert.deepEqual(databaseSettings({}), { waitMs: 10_000, checkpointIntervalMs: 1_000 });
    assert.deepEqual(databaseSettings({ COWORK_DB_WAIT_MS: '2500', COWORK_DB_CHECKPOINT_MS: '0' }), { waitMs: 2_500, checkpointIntervalMs: 0 });
  });

  test('a wait or interval that is not a whole number of milliseconds stops start-up with a message naming the variable', () => {
    for (const [name, value] of [['COWORK_DB_WAIT_MS', 'ten'], ['COWORK_DB_WAIT_MS', '-1'], ['COWORK_DB_CHECKPOINT_MS', '1.5'], ['COWORK_DB_CHECKPOINT_MS', '9999999']]) {
      assert.throws(() => databaseSettings({ [name!]: value }), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${name} must be`));
    }
  });
});
