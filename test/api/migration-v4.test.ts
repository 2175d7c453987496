import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createClient, type Client } from '@libsql/client';
import { Database } from '../../api/storage/engine/database.js';

// test/api/fixtures/schema-v2.db: Ada and Bob paired twice (the second pair dissolved by Ada's
// cancel, Bob left waiting), Cy waiting twice, made by main before any matching preferences.
const ADA = '51828d334dc4d992';
const BOB = '757d6e5a9e917751';

describe('migration 4 (matching preferences) upgrading a schema-v2 database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-migrate-'));
  const file = join(dir, 'cowork.db');
  let client: Client;
  const rows = async (sql: string) => (await client.execute(sql)).rows.map((row) => ({ ...row }));
  let before2: Record<string, unknown[]>;

  before(async () => {
    copyFileSync(new URL('./fixtures/schema-v2.db', import.meta.url), file);
    client = createClient({ url: pathToFileURL(file).href, intMode: 'number' });
    before2 = {
      users: await rows('SELECT id, name, email, password_hash, timezone, created_at FROM users ORDER BY id'),
      sessions: await rows('SELECT seq, id, user_id, start_at, end_at, duration, status, pair_id, task, created_at, cancelled_at, late_cancel FROM sessions ORDER BY seq'),
      pairs: await rows('SELECT * FROM pairs ORDER BY id'),
      tokens: await rows('SELECT * FROM tokens ORDER BY hash'),
    };
    (await Database.open({ url: pathToFileURL(file).href })).close();
  });
  after(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every old row survives unchanged', async () => {
    assert.deepEqual(await rows('SELECT id, name, email, password_hash, timezone, created_at FROM users ORDER BY id'), before2.users);
    assert.deepEqual(await rows('SELECT seq, id, user_id, start_at, end_at, duration, status, pair_id, task, created_at, cancelled_at, late_cancel FROM sessions ORDER BY seq'), before2.sessions);
    assert.deepEqual(await rows('SELECT * FROM pairs ORDER BY id'), before2.pairs);
    assert.deepEqual(await rows('SELECT * FROM tokens ORDER BY hash'), before2.tokens);
    assert.ok((await rows('SELECT version FROM schema_migrations')).some((row) => row.version === 4));
  });

  test('old people get the default settings and old sessions the default activity and quiet', async () => {
    assert.deepEqual(new Set((await rows('SELECT match_with, activity, quiet FROM users')).map((r) => JSON.stringify(r))), new Set([JSON.stringify({ match_with: 'anyone', activity: 'anything', quiet: 0 })]));
    assert.deepEqual(new Set((await rows('SELECT activity, quiet, requested_partner_id FROM sessions')).map((r) => JSON.stringify(r))), new Set([JSON.stringify({ activity: 'anything', quiet: 0, requested_partner_id: null })]));
  });

  test('past pairs, dissolved ones included, become partners with their last shared session', async () => {
    const partners = await rows('SELECT user_id, partner_id, session_id, start_at FROM partners ORDER BY user_id');
    assert.deepEqual(partners, [
      { user_id: ADA, partner_id: BOB, session_id: '684075c852696b38', start_at: 1894093200000 },
      { user_id: BOB, partner_id: ADA, session_id: '1ca0e80c1f35e555', start_at: 1894093200000 },
    ]);
  });

  test('opening the upgraded file again applies nothing twice', async () => {
    (await Database.open({ url: pathToFileURL(file).href })).close();
    assert.equal((await rows('SELECT count(*) AS n FROM partners'))[0]!.n, 2);
  });
});
