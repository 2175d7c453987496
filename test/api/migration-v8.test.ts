import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@libsql/client';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';
import { copySchemaV2, type SchemaV2Copy } from '../helpers/schema-v2-copy.js';


describe('migration v8 (routines) on a database made at schema v2', () => {
  let copy: SchemaV2Copy;
  let url: string;
  let client: Client;
  let oldRows: string;

  before(async () => {
    copy = copySchemaV2('v8');
    ({ url, client } = copy);
    oldRows = await copy.v2Rows();
  });
  after(() => copy.remove());

  test('keeps every old session, gives each a null routine_id, and lets an old account make a routine', async () => {
    const db = await Database.open({ url });
    try {
      assert.equal(await copy.v2Rows(), oldRows);
      assert.match(oldRows, /"status":"matched"/, 'the fixture holds sessions');
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
