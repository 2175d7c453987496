import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';
import { accountThrottleKey } from '../../api/storage/login-attempts.js';
import { copyFixture } from '../helpers/schema-v2-copy.js';

// Made by the release before v12 (schema v11): Ada's account ceiling holds a row keyed by her email.
const V11_FIXTURE = new URL('./fixtures/schema-v11.db', import.meta.url);

test('migration v15 drops the log-in throttle rows keyed by an email, keeps the other limits, and the failures after it are counted under keyed hashes', async () => {
  const copy = copyFixture(V11_FIXTURE, 'v15');
  const { url, client } = copy;
  const limits = async () => (await client.execute('SELECT bucket, key, hits FROM rate_limits ORDER BY bucket, key')).rows.map((row) => [String(row.bucket), String(row.key), Number(row.hits)]);
  try {
    const before = await limits();
    assert.deepEqual(before.filter(([bucket]) => bucket === 'login-account').map(([, key]) => key), ['ada@example.org'], 'the fixture has a row in the old form');
    const others = before.filter(([bucket]) => !String(bucket).startsWith('login'));
    assert.ok(others.length > 0, 'and a limit of another kind');

    const db = await Database.open({ url });
    try {
      assert.deepEqual(await limits(), others, 'the old throttle rows are gone, the other limits stay');
      const app = createApp({ db, clock: { now: () => new Date('2030-01-07T10:00:00Z') }, clientAddress: () => '198.51.100.7' });
      const failed = await app.request('/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'Ada@Example.org', password: 'not her password' }) });
      assert.equal(failed.status, 401);
      const key = await accountThrottleKey(db, 'ada@example.org');
      const throttle = (await limits()).filter(([bucket]) => String(bucket).startsWith('login'));
      assert.deepEqual(throttle.map(([bucket, rowKey, hits]) => [bucket, String(rowKey).split('\n')[0], hits]), [['login', key, 1], ['login-account', key, 1]]);
      assert.ok(throttle.every(([, rowKey]) => !String(rowKey).toLowerCase().includes('ada@example.org')));
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(15), `schema_migrations lists 15: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
