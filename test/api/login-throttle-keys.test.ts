import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';
import { accountThrottleKey } from '../../api/storage/login-attempts.js';
import { createHarness, type Harness } from './harness.js';
import { limitsApp } from './limits-app.js';

/**
 * Log-in throttle rows are keyed by a keyed hash of the email (SECURITY.md): a failed log-in leaves
 * the email it typed nowhere on disk, not even for an account deleted a minute before.
 */
const PASSWORD = 'correct horse battery';

/** Which of `texts` the raw bytes of the database file and its WAL still hold. */
function onDisk(h: Harness, texts: string[]): string[] {
  const path = fileURLToPath(h.dbUrl);
  const files = [path, `${path}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file));
  return texts.filter((text) => files.some((bytes) => bytes.indexOf(Buffer.from(text)) !== -1));
}

describe('log-in throttle keys', () => {
  test('failed log-ins leave the typed email in no throttle row and nowhere in the raw bytes, for an unknown email and for an account deleted a minute before', async () => {
    const h = await createHarness();
    try {
      const { app, signUp, logIn } = limitsApp(h);
      assert.equal((await signUp('vanished.8812@example.org', PASSWORD)).status, 201);
      const gone = await logIn('vanished.8812@example.org', PASSWORD);
      const token = ((await gone.json()) as { token: string }).token;
      const deleted = await app.request('/v1/me', { method: 'DELETE', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }) });
      assert.equal(deleted.status, 204);
      assert.equal(await h.db.truncateWal(), true, 'the sign-up\'s frames are gone from the WAL');
      assert.deepEqual(onDisk(h, ['vanished.8812@example.org']), [], 'the deletion left no copy of the email');
      h.clock.advance(1);
      const typed = ['Vanished.8812@Example.org', 'Nobody.Here.4417@Example.org'];
      for (const email of typed) for (const address of ['198.51.100.7', '203.0.113.5']) assert.equal((await logIn(email, 'a wrong guess', address)).status, 401);

      const rows = (await h.inspect().execute('SELECT bucket, key FROM rate_limits')).rows.map((row) => `${String(row.bucket)} ${String(row.key)}`);
      assert.equal(rows.filter((row) => row.startsWith('login')).length, 6, 'the failures are counted: per account, and per account and address');
      const forms = typed.flatMap((email) => [email, email.toLowerCase()]);
      assert.deepEqual(rows.filter((row) => forms.some((form) => row.toLowerCase().includes(form.toLowerCase()))), []);
      assert.deepEqual(onDisk(h, forms), []);
    } finally {
      h.close();
    }
  });

  test('a lock made through one connection holds through another on the same database, as in another process or after a restart', async () => {
    const h = await createHarness();
    try {
      const { signUp, logIn } = limitsApp(h);
      assert.equal((await signUp('ada@example.org', PASSWORD)).status, 201);
      for (let i = 0; i < 5; i++) assert.equal((await logIn('ada@example.org', 'a wrong guess', '198.51.100.7')).status, 401);
      const other = await Database.open({ url: h.dbUrl });
      try {
        const app = createApp({ db: other, clock: h.clock, clientAddress: () => '198.51.100.7' });
        const refused = await app.request('/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ADA@example.org', password: PASSWORD }) });
        assert.equal(refused.status, 429, 'the other connection counts the same email under the same key');
        assert.equal(await accountThrottleKey(other, 'ada@example.org'), await accountThrottleKey(h.db, 'Ada@Example.org'));
      } finally {
        other.close();
      }
    } finally {
      h.close();
    }
  });

  test('the key is made with a secret of the database: the same email has another key on another database', async () => {
    const [one, two] = [await createHarness(), await createHarness()];
    try {
      assert.notEqual(await accountThrottleKey(one.db, 'ada@example.org'), await accountThrottleKey(two.db, 'ada@example.org'));
    } finally {
      one.close();
      two.close();
    }
  });
});
