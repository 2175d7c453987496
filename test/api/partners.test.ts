import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';
import { book, people, put, type Person } from './matching-helpers.js';

describe('GET /v1/partners (SPEC §7)', () => {
  let h: Harness;
  let ada: Person, bob: Person, cy: Person;
  before(async () => {
    h = await createHarness();
    [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
    await book(h, ada, '2030-01-08T09:00:00Z');
    await book(h, bob, '2030-01-08T09:00:00Z');
    await book(h, ada, '2030-01-09T09:00:00Z', { duration: 25 });
    const cys = await book(h, cy, '2030-01-09T09:00:00Z', { duration: 25 });
    // The pair with Cy is later dissolved: Cy still counts as a partner.
    await h.request('DELETE', `/v1/sessions/${cys.id}`, { token: cy.token });
  });
  after(() => h.close());

  test('lists everyone you were paired with, most recent shared start first, dissolved pairs included', async () => {
    const { data } = await json(await h.request('GET', '/v1/partners', { token: ada.token }));
    assert.deepEqual(data.map((p: { name: string }) => p.name), ['Cy', 'Bob']);
    assert.deepEqual(data[0].lastSession.start, '2030-01-09T09:00:00.000Z');
    assert.equal(data[0].lastSession.duration, 25);
    assert.deepEqual(data.map((p: { favorite: boolean; blocked: boolean }) => [p.favorite, p.blocked]), [[false, false], [false, false]]);
  });

  test('shows which partners are favourites or blocked', async () => {
    await put(h, ada, `/v1/favorites/${bob.id}`);
    await put(h, ada, `/v1/blocks/${cy.id}`);
    const { data } = await json(await h.request('GET', '/v1/partners', { token: ada.token }));
    assert.deepEqual(data.map((p: { name: string; favorite: boolean; blocked: boolean }) => [p.name, p.favorite, p.blocked]), [['Cy', false, true], ['Bob', true, false]]);
  });

  test('lastSession is the caller\'s own session, and limit caps the list', async () => {
    const { data } = await json(await h.request('GET', '/v1/partners?limit=1', { token: bob.token }));
    assert.equal(data.length, 1);
    const own = await h.request('GET', `/v1/sessions/${data[0].lastSession.id}`, { token: bob.token });
    assert.equal(own.status, 200);
    assert.equal((await h.request('GET', '/v1/partners?limit=0', { token: bob.token })).status, 400);
  });
});
