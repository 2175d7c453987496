import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PasswordWork } from '../../api/accounts/password-queue.js';
import { accountThrottleKey } from '../../api/storage/login-attempts.js';
import { createHarness, json, type Harness } from './harness.js';
import { limitsApp, plainWork } from './limits-app.js';

/** Password work that finishes only when the test says so: the order of events, with no timing. */
function gatedWork() {
  const started: { what: string; finish: () => void }[] = [];
  const gate = <T>(what: string, value: () => Promise<T>) =>
    new Promise<T>((resolve) => started.push({ what, finish: () => void value().then(resolve) }));
  const work: PasswordWork = {
    hash: (password) => gate('hash', () => plainWork.hash(password)),
    verify: (password, stored) => gate('verify', () => plainWork.verify(password, stored)),
  };
  return { work, started };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('password hashing queue', () => {
  let h: Harness;
  before(async () => (h = await createHarness()));
  after(() => h.close());

  test('a sign-up burst is refused beyond the queue with 503 and Retry-After instead of growing it', async () => {
    const { work, started } = gatedWork();
    const { signUp, passwords } = limitsApp(h, { work, queue: { slots: 1, maxWaiting: 4 } });
    const burst = Array.from({ length: 12 }, (_, i) => signUp(`burst${i}@example.org`, 'long enough', `10.1.0.${i}`));
    await until(() => started.length === 1 && passwords.waiting.signup === 4);
    const settled: Response[] = [];
    for (const response of burst) void response.then((r) => settled.push(r));
    await until(() => settled.length === 7);
    assert.ok(settled.every((r) => r.status === 503), 'the seven beyond one running and four waiting are refused at once');
    assert.ok(Number(settled[0]!.headers.get('retry-after')) >= 1);
    assert.match((await json(settled[0]!)).detail, /sign-ups are waiting/);
    for (let i = 0; i < 5; i++) {
      await until(() => started.length === i + 1);
      started[i]!.finish();
    }
    const statuses = (await Promise.all(burst)).map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 5);
    assert.equal(statuses.filter((s) => s === 503).length, 7);
  });

  test('a log-in sent during a sign-up burst is served before the burst ends', async () => {
    const setup = limitsApp(h);
    assert.equal((await setup.signUp('ada@example.org', 'correct horse battery')).status, 201);
    const { work, started } = gatedWork();
    const { signUp, logIn, passwords } = limitsApp(h, { work, queue: { slots: 1, maxWaiting: 8 } });
    const finished: string[] = [];
    const burst = Array.from({ length: 6 }, (_, i) =>
      signUp(`rush${i}@example.org`, 'long enough', `10.2.0.${i}`).then((r) => (finished.push(`sign-up ${i}`), r)));
    await until(() => started.length === 1 && passwords.waiting.signup === 5);
    const login = logIn('ada@example.org', 'correct horse battery').then((r) => (finished.push('log-in'), r));
    await until(() => passwords.waiting.login === 1);
    for (let i = 0; i < 7; i++) {
      await until(() => started.length === i + 1);
      started[i]!.finish();
    }
    assert.equal((await login).status, 201);
    assert.ok((await Promise.all(burst)).every((r) => r.status === 201));
    assert.deepEqual(started.map((s) => s.what), ['hash', 'verify', 'hash', 'hash', 'hash', 'hash', 'hash'], 'the freed slot went to the log-in first');
    assert.ok(finished.indexOf('log-in') < finished.length - 5, `log-in finished before the burst: ${finished.join(', ')}`);
  });

  test('a log-in refused by a full queue is not counted as a failed attempt', async () => {
    const { work, started } = gatedWork();
    const { signUp, logIn, passwords } = limitsApp(h, { work, queue: { slots: 1, maxWaiting: 1 } });
    const holding = signUp('holder@example.org', 'long enough', '10.3.0.1');
    await until(() => started.length === 1);
    const queued = logIn('eve@example.org', 'first guess');
    await until(() => passwords.waiting.login === 1);
    const refused = await logIn('eve@example.org', 'second guess');
    assert.equal(refused.status, 503);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const key = await accountThrottleKey(h.db, 'eve@example.org');
    const hits = await h.inspect().execute({ sql: `SELECT bucket, hits FROM rate_limits WHERE key = ? OR key LIKE ? ORDER BY bucket`, args: [key, `${key}\n%`] });
    assert.deepEqual(hits.rows.map((row) => [String(row.bucket), Number(row.hits)]), [['login', 1], ['login-account', 1]]);
    started[0]!.finish();
    await until(() => started.length === 2);
    started[1]!.finish();
    assert.equal((await holding).status, 201);
    assert.equal((await queued).status, 401);
  });
});
