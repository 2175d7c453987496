import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { pruneOnce } from '../../api/jobs/prune.js';
import { createHarness, json, type Harness } from './harness.js';
import { countingWork, limitsApp } from './limits-app.js';

const PASSWORD = 'correct horse battery';

describe('log-in throttling', () => {
  let h: Harness;
  beforeEach(async () => {
    h?.close();
    h = await createHarness();
  });
  after(() => h.close());

  test('50 concurrent wrong guesses and the right one: at most 5 passwords are checked and the right one is refused while locked', async () => {
    const work = countingWork();
    const { signUp, logIn } = limitsApp(h, { work });
    assert.equal((await signUp('ada@example.org', PASSWORD)).status, 201);
    const guesses = Array.from({ length: 50 }, (_, i) => logIn('ada@example.org', `wrong guess ${i}`));
    const right = logIn('ada@example.org', PASSWORD);
    const statuses = await Promise.all([...guesses, right].map(async (response) => (await response).status));
    assert.equal(statuses.filter((status) => status === 401).length, 5);
    assert.equal(statuses.filter((status) => status === 429).length, 46);
    assert.equal(statuses.at(-1), 429, 'the right password is refused while the lock holds');
    assert.equal(work.verified, 5, 'refused attempts are never checked');
    const locked = await logIn('ada@example.org', PASSWORD);
    const body = await json(locked);
    assert.equal(body.retryAt, '2030-01-07T10:15:00.000Z');
    assert.equal(locked.headers.get('retry-after'), String(15 * 60));
    assert.equal(work.verified, 5, 'a refused attempt is not counted or checked again');
  });

  test('wrong guesses from one address do not lock out another address', async () => {
    const { signUp, logIn } = limitsApp(h);
    await signUp('bob@example.org', PASSWORD);
    for (let i = 0; i < 5; i++) assert.equal((await logIn('bob@example.org', 'nope nope', '198.51.100.7')).status, 401);
    assert.equal((await logIn('bob@example.org', PASSWORD, '198.51.100.7')).status, 429);
    assert.equal((await logIn('bob@example.org', PASSWORD, '203.0.113.5')).status, 201);
  });

  test('the per-account ceiling refuses addresses new to the account but not one that logged in before', async () => {
    const { signUp, logIn } = limitsApp(h);
    await signUp('cy@example.org', PASSWORD);
    assert.equal((await logIn('cy@example.org', PASSWORD, '203.0.113.9')).status, 201);
    for (let address = 0; address < 20; address++) {
      for (let i = 0; i < 5; i++) assert.equal((await logIn('cy@example.org', 'guess guess', `10.0.0.${address}`)).status, 401);
    }
    const stranger = await logIn('cy@example.org', PASSWORD, '10.0.1.1');
    assert.equal(stranger.status, 429);
    const body = await json(stranger);
    assert.match(body.detail, /device you used before/);
    assert.equal(body.retryAt, '2030-01-07T11:00:00.000Z');
    assert.equal((await logIn('cy@example.org', PASSWORD, '203.0.113.9')).status, 201, 'the usual device still logs in');
  });

  test('a successful log-in clears that address\'s failures', async () => {
    const { signUp, logIn } = limitsApp(h);
    await signUp('dee@example.org', PASSWORD);
    for (let i = 0; i < 4; i++) await logIn('dee@example.org', 'wrong one');
    assert.equal((await logIn('dee@example.org', PASSWORD)).status, 201);
    const after = [];
    for (let i = 0; i < 5; i++) after.push((await logIn('dee@example.org', 'wrong one')).status);
    assert.deepEqual(after, [401, 401, 401, 401, 401]);
  });

  test('failures for an unknown email are throttled the same way', async () => {
    const { logIn } = limitsApp(h);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await logIn('nobody@example.org', 'whatever it is')).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  });

  test('expired throttle rows are pruned, live ones kept', async () => {
    const { logIn } = limitsApp(h);
    for (let i = 0; i < 3; i++) await logIn(`ghost${i}@example.org`, 'whatever it is');
    const count = async () => Number((await h.inspect().execute('SELECT COUNT(*) AS n FROM rate_limits')).rows[0]!.n);
    assert.equal(await count(), 6, 'a per-address and a per-account row for each email');
    h.clock.advance(16);
    assert.equal((await pruneOnce(h.db, h.clock.now())).rateLimits, 3, 'the 15-minute per-address rows');
    h.clock.advance(45);
    assert.equal((await pruneOnce(h.db, h.clock.now())).rateLimits, 3, 'the hourly per-account rows');
    assert.equal(await count(), 0);
  });

  test('an address remembered from a log-in is forgotten after a year without one', async () => {
    const { signUp, logIn } = limitsApp(h);
    await signUp('eli@example.org', PASSWORD);
    assert.equal((await logIn('eli@example.org', PASSWORD)).status, 201);
    h.clock.advance(364 * 24 * 60);
    assert.equal((await pruneOnce(h.db, h.clock.now())).knownAddresses, 0);
    h.clock.advance(2 * 24 * 60);
    assert.equal((await pruneOnce(h.db, h.clock.now())).knownAddresses, 1);
  });
});
