import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { CredentialCache } from '../../api/storage/credential-cache.js';
import { createHarness, json, T0, type Harness } from './harness.js';

// The server keeps who a token signs in between requests (api/storage/credential-cache.ts). These
// prove that nothing kept outlives a change: the "other process" is a client of its own on the file.

const me = (h: Harness, token: string) => h.request('GET', '/v1/me', { token });
const generation = async (h: Harness) =>
  Number((await h.inspect().execute('SELECT generation FROM credential_changes')).rows[0]!.generation);

test('a token another process revokes is refused from the next turn of the event loop on', async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    assert.equal((await me(h, ada.token)).status, 200);
    assert.equal((await me(h, ada.token)).status, 200, 'kept by now');
    await h.inspect().execute({ sql: 'DELETE FROM tokens WHERE user_id = ?', args: [ada.id] });
    await nextTurn();
    const refused = await me(h, ada.token);
    assert.equal(refused.status, 401);
    assert.match((await json(refused)).detail, /unknown or has been revoked/);
  } finally {
    h.close();
  }
});

test('a rename, a suspension or new matching settings made by another process show on the next request', async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    assert.equal((await json(await me(h, ada.token))).name, 'Ada');
    const other = h.inspect();
    await other.execute({ sql: "UPDATE users SET name = 'Ada L.', match_with = 'favorites' WHERE id = ?", args: [ada.id] });
    await nextTurn();
    const renamed = await json(await me(h, ada.token));
    assert.equal(renamed.name, 'Ada L.');
    assert.equal(renamed.matchWith, 'favorites');
    await other.execute({ sql: 'UPDATE users SET suspended_at = ? WHERE id = ?', args: [Date.parse(T0), ada.id] });
    await other.execute({ sql: 'DELETE FROM tokens WHERE user_id = ?', args: [ada.id] });
    await nextTurn();
    assert.equal((await me(h, ada.token)).status, 401);
  } finally {
    h.close();
  }
});

test("this process's own log-out holds for its very next request", async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    assert.equal((await me(h, ada.token)).status, 200);
    assert.equal((await me(h, bob.token)).status, 200);
    assert.equal((await h.request('DELETE', '/v1/tokens/current', { token: ada.token })).status, 204);
    assert.equal((await me(h, ada.token)).status, 401);
    assert.equal((await me(h, bob.token)).status, 200, 'everyone else stays signed in');
  } finally {
    h.close();
  }
});

test('bookings, cancellations and sign-ups leave the credential generation alone, so kept credentials stay kept', async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const before = await generation(h);
    const start = new Date(Date.parse(T0) + 2 * 3_600_000).toISOString();
    const booked = await json(await h.book(ada.token, start));
    assert.equal((await h.book(bob.token, start)).status, 201);
    assert.equal((await h.request('DELETE', `/v1/sessions/${String(booked.id)}`, { token: ada.token })).status, 200);
    await h.signUp('Cy');
    assert.equal(await generation(h), before);
    await h.request('PATCH', '/v1/me', { token: bob.token, body: { name: 'Bobby' } });
    assert.equal(await generation(h), before + 1, 'a change to what is kept moves it');
  } finally {
    h.close();
  }
});

test('a commit of this process makes the next lookup read the generation again, even within the turn that read it', async () => {
  const h = await createHarness();
  try {
    const cache = new CredentialCache<string>(10);
    assert.equal(await cache.get(h.db, 'key', async () => 'before'), 'before');
    await nextTurn();
    // In one check phase: a lookup reads the generation, then the write batch commits a change to it.
    let lookedUp: Promise<string | undefined> | undefined;
    setImmediate(() => {
      lookedUp = cache.get(h.db, 'key', async () => 'unread');
    });
    await h.db.write((tx) => tx.run('UPDATE credential_changes SET generation = generation + 1'));
    assert.equal(await lookedUp, 'before', 'the lookup ran before the commit');
    assert.equal(await cache.get(h.db, 'key', async () => 'after'), 'after');
  } finally {
    h.close();
  }
});

test('a lookup that finds nothing is not kept, and the number kept is bounded', async () => {
  const h = await createHarness();
  try {
    const cache = new CredentialCache<string>(2);
    assert.equal(await cache.get(h.db, 'unknown', async () => undefined), undefined);
    assert.equal(await cache.get(h.db, 'unknown', async () => 'now known'), 'now known');
    await cache.get(h.db, 'b', async () => 'b');
    await cache.get(h.db, 'c', async () => 'c');
    assert.equal(await cache.get(h.db, 'unknown', async () => 'read again'), 'read again', 'a full cache starts over');
  } finally {
    h.close();
  }
});
