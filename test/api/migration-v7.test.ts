import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@libsql/client';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';
import { copySchemaV2, type SchemaV2Copy } from '../helpers/schema-v2-copy.js';

describe('migration v7 on a database made at schema v2', () => {
  let copy: SchemaV2Copy;
  let url: string;
  let client: Client;
  let old: string;

  before(async () => {
    copy = copySchemaV2('v7');
    ({ url, client } = copy);
    old = await copy.v2Rows();
  });
  after(() => copy.remove());

  test('keeps every old row, nobody starts suspended or deleted, and old accounts log in', async () => {
    const db = await Database.open({ url });
    try {
      assert.equal(await copy.v2Rows(), old);
      const versions = (await client.execute('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version));
      assert.ok(versions.includes(7));
      const flagged = await client.execute('SELECT COUNT(*) AS n FROM users WHERE suspended_at IS NOT NULL OR deleted_at IS NOT NULL');
      assert.equal(Number(flagged.rows[0]!.n), 0);
      for (const table of ['invites', 'reports']) {
        assert.equal(Number((await client.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n), 0, table);
      }
      const app = createApp({ db, clock: { now: () => new Date('2030-01-07T12:00:00Z') } });
      const login = await app.request('/v1/tokens', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob.2@example.org', password: 'correct horse battery' }),
      });
      assert.equal(login.status, 201);
    } finally {
      db.close();
    }
  });
});
