import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createClient, type Client } from '@libsql/client';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';
import { SCHEMA_VERSIONS } from '../../api/storage/migrations/runner.js';

const FIXTURE = new URL('./fixtures/schema-v2.db', import.meta.url);
const KEPT_TABLES = ['users', 'tokens', 'sessions', 'pairs', 'idempotency_keys', 'server_secrets'];
/** The fixture's live pair and its first session, which starts 2030-01-08T10:00Z. */
const PAIR = 'e1de3857c5bcc7e4';
const SESSION = 'ebc8aa1809188f76';
const JOINED_AT = Date.parse('2030-01-08T10:02:00Z');

// The columns each table had at v2: later migrations add columns, and old rows must keep these.
const v2Columns = new Map<string, string[]>();

async function rows(client: Client, table: string): Promise<string> {
  const result = await client.execute(`SELECT * FROM "${table}" ORDER BY 1`);
  if (!v2Columns.has(table)) v2Columns.set(table, result.columns);
  return JSON.stringify(result.rows.map((row) => v2Columns.get(table)!.map((c) => row[c])));
}

describe('migration v6 on a database made at schema v2', () => {
  let dir: string;
  let url: string;
  let client: Client;
  let before2: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cowork-v6-'));
    copyFileSync(FIXTURE, join(dir, 'cowork.db'));
    url = pathToFileURL(join(dir, 'cowork.db')).href;
    client = createClient({ url });
    // A join the v2 page recorded, without its pair.
    await client.execute({ sql: `INSERT INTO attendance (session_id, user_id, event, at) SELECT id, user_id, 'joined', ? FROM sessions WHERE id = ?`, args: [JOINED_AT, SESSION] });
    before2 = Object.fromEntries(await Promise.all(KEPT_TABLES.map(async (t) => [t, await rows(client, t)] as const)));
  });
  after(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps every old row, gives old joins the pair their session is in, and judges attendance from them', async () => {
    const db = await Database.open({ url });
    try {
      for (const table of KEPT_TABLES) assert.equal(await rows(client, table), before2[table], table);
      const versions = (await client.execute('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => Number(r.version));
      assert.deepEqual(versions, [...SCHEMA_VERSIONS].sort((a, b) => a - b));
      const joins = await client.execute('SELECT session_id, pair_id, at FROM attendance');
      assert.deepEqual(joins.rows.map((r) => [r.session_id, r.pair_id, Number(r.at)]), [[SESSION, PAIR, JOINED_AT]]);
      assert.equal(Number((await client.execute('SELECT COUNT(*) AS n FROM check_ins')).rows[0]!.n), 0);

      const app = createApp({ db, clock: { now: () => new Date('2030-01-08T10:05:00Z') } });
      const login = await app.request('/v1/tokens', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada.1@example.org', password: 'correct horse battery' }),
      });
      assert.equal(login.status, 201);
      const { token } = (await login.json()) as { token: string };
      const session = (await (await app.request(`/v1/sessions/${SESSION}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { attendance: string };
      assert.equal(session.attendance, 'partner-no-show', 'Ada joined at +2 min; her partner never did');
    } finally {
      db.close();
    }
  });
});
