import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createHarness, json, snapshot, type Harness } from './harness.js';
import { book, introduce, people, put, sessionOf, setSettings } from './matching-helpers.js';

const SLOT = '2030-01-07T14:00:00Z';

describe('settings on the person: GET and PATCH /v1/me (SPEC §7)', () => {
  let h: Harness;
  beforeEach(async () => (h = await createHarness()));
  afterEach(() => h.close());

  test('a new person matches with anyone, for anything, not quiet', async () => {
    const [ada] = await people(h, 'Ada');
    const me = await json(await h.request('GET', '/v1/me', { token: ada.token }));
    assert.deepEqual([me.matchWith, me.activity, me.quiet], ['anyone', 'anything', false]);
  });

  test('PATCH changes name, timezone and the matching settings, and log-in answers them too', async () => {
    const [ada] = await people(h, 'Ada');
    const changed = await setSettings(h, ada, { name: 'Ada L.', timezone: 'Europe/Paris', matchWith: 'favorites', activity: 'desk', quiet: true, languages: ['en', 'DE'] });
    assert.deepEqual({ ...changed, id: undefined, email: undefined }, { id: undefined, email: undefined, name: 'Ada L.', timezone: 'Europe/Paris', matchWith: 'favorites', activity: 'desk', quiet: true, languages: ['de', 'en'] });
    assert.deepEqual(await json(await h.request('GET', '/v1/me', { token: ada.token })), changed);
    const email = (changed as { email: string }).email;
    const login = await json(await h.request('POST', '/v1/tokens', { body: { email, password: 'correct horse battery' } }));
    assert.deepEqual(login.user, changed);
  });

  test('a field left out keeps its value', async () => {
    const [ada] = await people(h, 'Ada');
    await setSettings(h, ada, { quiet: true });
    const me = await setSettings(h, ada, { activity: 'moving' });
    assert.deepEqual([me.name, me.quiet, me.activity], ['Ada', true, 'moving']);
  });

  test('bad values are refused with 400 naming each field, and nothing is written', async () => {
    const [ada] = await people(h, 'Ada');
    const before = await snapshot(h.inspect());
    const response = await h.request('PATCH', '/v1/me', { token: ada.token, body: { matchWith: 'friends', activity: 'running', quiet: 'yes', timezone: 'Mars/Base', name: ' ', email: 'x@y.z' } });
    assert.equal(response.status, 400);
    const paths = (await json(response)).errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['activity', 'email', 'matchWith', 'name', 'quiet', 'timezone']);
    assert.equal(await snapshot(h.inspect()), before);
  });

  test('a booking takes the person\'s default activity and quiet unless it sets its own', async () => {
    const [ada] = await people(h, 'Ada');
    await setSettings(h, ada, { activity: 'desk', quiet: true });
    const defaults = await book(h, ada, SLOT);
    assert.deepEqual([defaults.activity, defaults.quiet, defaults.routineId], ['desk', true, null]);
    const own = await book(h, ada, '2030-01-07T16:00:00Z', { activity: 'moving', quiet: false });
    assert.deepEqual([own.activity, own.quiet], ['moving', false]);
  });

  test('activity and quiet are fixed at booking: changing the defaults later changes no session', async () => {
    const [ada] = await people(h, 'Ada');
    const session = await book(h, ada, SLOT);
    await setSettings(h, ada, { activity: 'desk', quiet: true });
    const now = await sessionOf(h, ada, session.id);
    assert.deepEqual([now.activity, now.quiet], ['anything', false]);
  });

  test('matchWith is read when pairing happens: switching back to anyone pairs waiting sessions at once', async () => {
    const [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
    await introduce(h, ada, cy);
    await put(h, ada, `/v1/favorites/${cy.id}`);
    await setSettings(h, ada, { matchWith: 'favorites' });
    const adas = await book(h, ada, SLOT);
    assert.equal((await book(h, bob, SLOT)).status, 'waiting');
    await setSettings(h, ada, { matchWith: 'anyone' });
    assert.deepEqual((await sessionOf(h, ada, adas.id)).partner, { id: bob.id, name: 'Bob' });
  });
});
