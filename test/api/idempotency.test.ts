import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pruneOnce } from '../../api/jobs/prune.js';
import { createHarness, json, type Harness } from './harness.js';

describe('Idempotency-Key on POST /v1/sessions', () => {
  let h: Harness;
  let ada: { token: string };
  const book = (key: string, start = '2030-01-08T09:00:00Z', task = 'thesis') =>
    h.request('POST', '/v1/sessions', { token: ada.token, headers: { 'idempotency-key': key }, body: { start, duration: 50, task } });
  const sessionCount = async () => Number((await h.inspect().execute('SELECT count(*) AS n FROM sessions')).rows[0]!.n);

  before(async () => {
    h = await createHarness();
    ada = await h.signUp('Ada');
  });
  after(() => h.close());

  test('a replay of the same key and body answers the first result and books nothing more', async () => {
    const first = await book('retry-1');
    const replay = await book('retry-1');
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const session = await json(first);
    assert.deepEqual(await json(replay), session);
    assert.equal(await sessionCount(), 1);
    // The same Location as the first answer, so a client that follows it after a retry finds the session.
    assert.equal(first.headers.get('location'), `/v1/sessions/${session.id}`);
    assert.equal(replay.headers.get('location'), first.headers.get('location'));
  });

  test('the same key with another body answers 422 and books nothing', async () => {
    const response = await book('retry-1', '2030-01-08T11:00:00Z');
    assert.equal(response.status, 422);
    assert.match((await json(response)).detail, /different request body/);
    assert.equal(await sessionCount(), 1);
  });

  test('the key covers every field: the same key with another activity, quiet flag or partner answers 422', async () => {
    const first = { start: '2030-01-09T09:00:00Z', duration: 50, task: 'thesis' };
    const send = (body: object) => h.request('POST', '/v1/sessions', { token: ada.token, headers: { 'idempotency-key': 'prefs-1' }, body });
    assert.equal((await send(first)).status, 201);
    for (const other of [{ activity: 'desk' }, { quiet: true }, { partnerId: 'ffffffffffffffff' }]) {
      assert.equal((await send({ ...first, ...other })).status, 422, JSON.stringify(other));
    }
    assert.equal((await send(first)).headers.get('idempotent-replayed'), 'true');
  });

  test('the same body under the same key is recognised whatever the offset notation', async () => {
    const replay = await book('retry-1', '2030-01-08T10:00:00+01:00');
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  });

  test('keys belong to one person: another person may use the same key', async () => {
    const bob = await h.signUp('Bob');
    const response = await h.request('POST', '/v1/sessions', { token: bob.token, headers: { 'idempotency-key': 'retry-1' }, body: { start: '2030-01-08T09:00:00Z', duration: 50 } });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('idempotent-replayed'), null);
  });

  test('concurrent requests with one key book once', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => book('burst', '2030-01-09T09:00:00Z')));
    const ids = new Set(await Promise.all(answers.map(async (r) => (await json(r)).id)));
    assert.equal(ids.size, 1);
    assert.equal(await sessionCount(), 3);
  });

  test('a key is replayed after 24 hours, even once the start has passed', async () => {
    h.clock.advance(24 * 60 + 1);
    const replay = await book('retry-1');
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.headers.get('location'), `/v1/sessions/${(await json(replay)).id}`);
  });

  test('keys older than the retention period are purged and the key may be used anew', async () => {
    h.clock.advance(48 * 60);
    assert.ok((await pruneOnce(h.db, h.clock.now())).idempotencyKeys >= 2);
    const fresh = await book('retry-1', '2030-01-20T09:00:00Z');
    assert.equal(fresh.status, 201);
    assert.equal(fresh.headers.get('idempotent-replayed'), null);
  });

  test('a key that is not 1 to 255 visible characters is refused with 400', async () => {
    assert.equal((await book('x'.repeat(256))).status, 400);
    assert.equal((await book('has space')).status, 400);
  });
});
