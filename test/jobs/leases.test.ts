import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { releaseLease, setDue, takeLease } from '../../api/storage/leases.js';
import { createHarness } from '../api/harness.js';

const LEASE_MS = 60_000;
const h = await createHarness();
const client = h.inspect();
after(() => h.close());

const take = (holder: string) => takeLease(h.db, 'prune', holder, h.clock.now(), LEASE_MS);
const row = async () => (await client.execute(`SELECT holder, expires_at, due_at FROM job_leases WHERE job = 'prune'`)).rows[0];

describe('job leases', () => {
  beforeEach(async () => void (await client.execute('DELETE FROM job_leases')));

  test('a free lease is taken for the lease length, and a new job is due at once', async () => {
    const lease = await take('a');
    assert.deepEqual(lease, { dueAt: h.clock.now() });
    const stored = await row();
    assert.equal(stored?.holder, 'a');
    assert.equal(Number(stored?.expires_at), h.clock.now().getTime() + LEASE_MS);
  });

  test('the holder renews its lease, which then runs a full lease length from now', async () => {
    await take('a');
    h.clock.advance(0.5);
    assert.ok(await take('a'));
    assert.equal(Number((await row())?.expires_at), h.clock.now().getTime() + LEASE_MS);
  });

  test('a second holder is refused while the lease runs, up to its last millisecond, and nothing changes', async () => {
    await take('a');
    const before = await row();
    h.clock.set(new Date(h.clock.now().getTime() + LEASE_MS - 1).toISOString());
    assert.equal(await take('b'), null);
    assert.deepEqual(await row(), before);
  });

  test('a second holder takes the lease over once it has expired, and the old holder is then refused', async () => {
    await take('a');
    h.clock.set(new Date(h.clock.now().getTime() + LEASE_MS).toISOString());
    assert.ok(await take('b'));
    assert.equal((await row())?.holder, 'b');
    assert.equal(await take('a'), null);
  });

  test('when the job is next due survives a takeover, and only the holder may set it', async () => {
    await take('a');
    const due = new Date(h.clock.now().getTime() + 3_600_000);
    assert.equal(await setDue(h.db, 'prune', 'a', due), true);
    assert.equal(await setDue(h.db, 'prune', 'b', new Date(0)), false);
    h.clock.advance(LEASE_MS / 60_000);
    assert.deepEqual(await take('b'), { dueAt: due });
  });

  test('a released lease is free at once for another holder; another holder cannot release it', async () => {
    await take('a');
    await releaseLease(h.db, 'prune', 'b');
    assert.equal(await take('b'), null);
    await releaseLease(h.db, 'prune', 'a');
    assert.equal((await row())?.holder, null);
    assert.ok(await take('b'));
  });
});
