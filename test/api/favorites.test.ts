import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';
import { introduce, people, put } from './matching-helpers.js';

describe('favourites (SPEC §7)', () => {
  let h: Harness;
  beforeEach(async () => (h = await createHarness()));
  afterEach(() => h.close());

  test('only someone you have been paired with can be a favourite; anyone else is 404', async () => {
    const [ada, stranger] = await people(h, 'Ada', 'Stranger');
    for (const id of [stranger.id, ada.id, 'nobody']) {
      const response = await put(h, ada, `/v1/favorites/${id}`);
      assert.equal(response.status, 404);
      const problem = await json(response);
      assert.equal(problem.type, 'urn:cowork:problem:not-a-partner');
      assert.match(problem.detail, /only past partners can be favourites/);
    }
    assert.deepEqual((await json(await h.request('GET', '/v1/favorites', { token: ada.token }))).data, []);
  });

  test('an id no user could have is refused with 400 naming userId, before any lookup', async () => {
    const [ada] = await people(h, 'Ada');
    for (const id of ['x'.repeat(65), 'a%00b', 'a%20b']) {
      const response = await put(h, ada, `/v1/favorites/${id}`);
      assert.equal(response.status, 400, id);
      assert.equal((await json(response)).errors[0].path, 'userId');
    }
  });

  test('a past partner can be added, is listed, and removed; PUT and DELETE are idempotent', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await introduce(h, ada, bob);
    for (let i = 0; i < 2; i++) assert.deepEqual(await json(await put(h, ada, `/v1/favorites/${bob.id}`)), { id: bob.id, name: 'Bob' });
    assert.deepEqual((await json(await h.request('GET', '/v1/favorites', { token: ada.token }))).data, [{ id: bob.id, name: 'Bob' }]);
    assert.deepEqual((await json(await h.request('GET', '/v1/favorites', { token: bob.token }))).data, [], 'a favourite is one-way');
    for (let i = 0; i < 2; i++) assert.equal((await h.request('DELETE', `/v1/favorites/${bob.id}`, { token: ada.token })).status, 204);
    assert.deepEqual((await json(await h.request('GET', '/v1/favorites', { token: ada.token }))).data, []);
  });

  test('at most 200 favourites: the 201st is refused with 409 naming the limit', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await introduce(h, ada, bob);
    // 200 earlier partners, already favourites, written straight into the database.
    const client = h.inspect();
    const statements = [];
    for (let i = 0; i < 200; i++) {
      const id = `f${String(i).padStart(15, '0')}`;
      statements.push(
        { sql: `INSERT INTO users (id, name, email, password_hash, timezone, created_at) VALUES (?, ?, ?, 'x', 'UTC', 0)`, args: [id, `Friend ${i}`, `f${i}@example.org`] },
        { sql: 'INSERT INTO partners (user_id, partner_id, session_id, start_at) VALUES (?, ?, ?, 0)', args: [ada.id, id, `s${i}`] },
        { sql: 'INSERT INTO favorites (user_id, favorite_id, created_at) VALUES (?, ?, 0)', args: [ada.id, id] },
      );
    }
    await client.batch(statements, 'write');
    const response = await put(h, ada, `/v1/favorites/${bob.id}`);
    assert.equal(response.status, 409);
    assert.equal((await json(response)).type, 'urn:cowork:problem:favorites-limit');
    assert.equal((await put(h, ada, '/v1/favorites/f000000000000007')).status, 200, 'one already there can be put again');
    assert.equal((await json(await h.request('GET', '/v1/favorites', { token: ada.token }))).data.length, 200);
  });
});
