import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createClient, type Client } from '@libsql/client';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/database.js';

const FIXTURE = new URL('./fixtures/schema-v2.db', import.meta.url);

/** The session columns a v2 file had, so later columns (routine_id and others) do not hide a change to old ones. */
const V2_SESSION_COLUMNS = 'seq, id, user_id, start_at, end_at, duration, status, pair_id, task, created_at, cancelled_at, late_cancel';

describe('migration v8 (routines) on a database made at schema v2', () => {
  let dir: string;
  let url: string;
  let client: Client;
  let oldSessions: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cowork-v8-'));
    copyFileSync(FIXTURE, join(dir, 'cowork.db'));
    url = pathToFileURL(join(dir, 'cowork.db')).href;
    client = createClient({ url });
    oldSessions = JSON.stringify((await client.execute(`SELECT ${V2_SESSION_COLUMNS} FROM sessions ORDER BY seq`)).rows);
  });
  after(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps every old session, gives each a null routine_id, and lets an old account make a routine', async () => {
    const db = await Database.open({ url });
    try {
      assert.equal(JSON.stringify((await client.execute(`SELECT ${V2_SESSION_COLUMNS} FROM sessions ORDER BY seq`)).rows), oldSessions);
      assert.ok(oldSessions.length > 2, 'the fixture holds sessions');
      const routineIds = await client.execute('SELECT DISTINCT routine_id FROM sessions');
      assert.deepEqual(routineIds.rows.map((r) => r.routine_id), [null]);
      assert.ok((await client.execute('SELECT version FROM schema_migrations WHERE version = 8')).rows.length === 1);

      const app = createApp({ db, clock: { now: () => new Date('2030-01-07T12:00:00Z') } });
      const login = await app.request('/v1/tokens', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob.2@example.org', password: 'correct horse battery' }),
      });
      const { token } = (await login.json()) as { token: string };
      const created = await app.request('/v1/routines', {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ days: ['mon', 'wed'], time: '09:00', duration: 50, horizonDays: 7 }),
      });
      assert.equal(created.status, 201);
      const booked = await client.execute('SELECT COUNT(*) AS n FROM sessions WHERE routine_id IS NOT NULL');
      assert.equal(Number(booked.rows[0]!.n), 2);
    } finally {
      db.close();
    }
  });
});
