import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Database } from '../../api/storage/engine/database.js';
import { mailStatus } from '../../api/storage/mail-accounts.js';
import { copyFixture, keptRows } from '../helpers/schema-v2-copy.js';

/**
 * A database made by an earlier main (schema v11, upgraded on the way by every later version) is
 * upgraded by v18: every row is kept, the mail tables start empty, and every existing address is
 * unverified, so COWORK_ADMINS grants nobody anything until they verify (SPEC §16).
 */
const FIXTURE = new URL('../api/fixtures/schema-v11.db', import.meta.url);
const ADA = '2f1fb4c1c0a60ab5';

test('migration v18 keeps every row, adds empty mail tables, and leaves every address unverified', async () => {
  const copy = copyFixture(FIXTURE, 'v18');
  const { url, client } = copy;
  try {
    const tables = (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' AND name NOT LIKE 'sqlite_%'`))
      .rows.map((row) => String(row.name));
    const before = await keptRows(client, tables, '1');
    const db = await Database.open({ url });
    try {
      assert.equal(await keptRows(client, tables, '1'), before, 'every row of every earlier table is kept');
      for (const table of ['mail_accounts', 'mail_codes', 'mail_reminders', 'mail_outbox']) {
        assert.equal(Number((await client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n), 0, table);
      }
      const ada = await mailStatus(db, ADA, new Date('2030-01-07T10:00:00Z'));
      assert.deepEqual({ ...ada, email: undefined }, { email: undefined, verified: false, pendingEmail: null, reminderMinutes: null, matches: false });
      assert.deepEqual((await client.execute('SELECT version FROM schema_migrations WHERE version = 18')).rows.length, 1);
    } finally {
      db.close();
    }
  } finally {
    copy.remove();
  }
});
