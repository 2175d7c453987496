import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';
import { book, introduce, partnerName, people, put, sessionOf } from './matching-helpers.js';

const SLOT = '2030-01-07T14:00:00Z';
const LATER = '2030-01-09T14:00:00Z';

describe('blocks (SPEC §7)', () => {
  let h: Harness;
  beforeEach(async () => (h = await createHarness()));
  afterEach(() => h.close());

  test('only a past or present partner can be blocked; anyone else is 404 and nothing is written', async () => {
    const [ada, stranger] = await people(h, 'Ada', 'Stranger');
    for (const id of [stranger.id, ada.id, 'nobody']) assert.equal((await put(h, ada, `/v1/blocks/${id}`)).status, 404);
    assert.deepEqual((await json(await h.request('GET', '/v1/blocks', { token: ada.token }))).data, []);
  });

  test('a booking that asks for someone blocked, on either side, is refused with partner-unavailable and books nothing', async () => {
    const [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
    await introduce(h, ada, bob);
    await introduce(h, ada, cy);
    assert.equal((await put(h, ada, `/v1/blocks/${bob.id}`)).status, 200);
    assert.equal((await put(h, cy, `/v1/blocks/${ada.id}`)).status, 200);
    const details = new Set<string>();
    for (const [asker, asked] of [[ada, bob], [bob, ada], [ada, cy]] as const) {
      const before = (await json(await h.request('GET', '/v1/sessions', { token: asker.token }))).data.length;
      const response = await h.request('POST', '/v1/sessions', { token: asker.token, body: { start: LATER, duration: 50, partnerId: asked.id } });
      assert.equal(response.status, 409, `${asker.name} asking for ${asked.name}`);
      const problem = await json(response);
      assert.equal(problem.type, 'urn:cowork:problem:partner-unavailable');
      details.add(String(problem.detail).replace(asked.id, '<id>'));
      assert.equal((await json(await h.request('GET', '/v1/sessions', { token: asker.token }))).data.length, before);
    }
    assert.equal(details.size, 1, 'the refusal reads the same whoever blocked whom');
  });

  test('blocking a favourite ends the favourite in the same change: favourites and partners agree, and a blocked person cannot be made one again', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await introduce(h, ada, bob);
    assert.equal((await put(h, ada, `/v1/favorites/${bob.id}`)).status, 200);
    assert.equal((await put(h, ada, `/v1/blocks/${bob.id}`)).status, 200);
    assert.deepEqual((await json(await h.request('GET', '/v1/favorites', { token: ada.token }))).data, []);
    const partners = (await json(await h.request('GET', '/v1/partners', { token: ada.token }))).data;
    assert.deepEqual(partners.map((p: { name: string; favorite: boolean; blocked: boolean }) => [p.name, p.favorite, p.blocked]), [['Bob', false, true]]);
    const again = await put(h, ada, `/v1/favorites/${bob.id}`);
    assert.equal(again.status, 409);
    const problem = await json(again);
    assert.equal(problem.type, 'urn:cowork:problem:partner-blocked');
    assert.match(String(problem.detail), /You blocked Bob/);
    assert.deepEqual((await json(await h.request('GET', '/v1/favorites', { token: ada.token }))).data, []);
    assert.equal((await h.request('DELETE', `/v1/blocks/${bob.id}`, { token: ada.token })).status, 204);
    assert.equal((await put(h, ada, `/v1/favorites/${bob.id}`)).status, 200);
  });

  test('blocking a present partner answers them, lists them, and is idempotent', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await book(h, ada, SLOT);
    await book(h, bob, SLOT);
    for (let i = 0; i < 2; i++) {
      const response = await put(h, ada, `/v1/blocks/${bob.id}`);
      assert.equal(response.status, 200);
      assert.deepEqual(await json(response), { id: bob.id, name: 'Bob' });
    }
    assert.deepEqual((await json(await h.request('GET', '/v1/blocks', { token: ada.token }))).data, [{ id: bob.id, name: 'Bob' }]);
  });

  test('blocking dissolves every future pair with that person and re-pairs both sessions at once', async () => {
    const [ada, bob, cy, dee] = await people(h, 'Ada', 'Bob', 'Cy', 'Dee');
    const adaNow = await book(h, ada, '2030-01-07T10:00:00Z', { duration: 25 });
    await book(h, bob, '2030-01-07T10:00:00Z', { duration: 25 });
    const adaSoon = await book(h, ada, SLOT);
    const bobSoon = await book(h, bob, SLOT);
    const adaLater = await book(h, ada, LATER);
    const bobLater = await book(h, bob, LATER);
    // On the first slot Cy (desk) and Dee (moving) wait, unable to pair with each other.
    await book(h, cy, SLOT, { activity: 'desk' });
    await book(h, dee, SLOT, { activity: 'moving' });
    h.clock.set('2030-01-07T10:05:00Z');
    assert.equal((await put(h, ada, `/v1/blocks/${bob.id}`)).status, 200);

    assert.equal(partnerName(await sessionOf(h, bob, bobSoon.id)), 'Cy');
    assert.equal(partnerName(await sessionOf(h, ada, adaSoon.id)), 'Dee');
    for (const [who, session] of [[ada, adaLater], [bob, bobLater]] as const) {
      const now = await sessionOf(h, who, session.id);
      assert.deepEqual([now.status, now.partner], ['waiting', null]);
    }
    assert.equal(partnerName(await sessionOf(h, ada, adaNow.id)), 'Bob', 'a session already started keeps its pair');
    const rows = await h.inspect().execute('SELECT count(*) AS n FROM sessions WHERE late_cancel = 1 OR cancelled_at IS NOT NULL');
    assert.equal(Number(rows.rows[0]!.n), 0, 'nobody is cancelled or marked late');
  });

  test('a session asking for the other person by name, on either side, drops the request and is re-paired with others at once', async () => {
    const [ada, bob, cy, dee] = await people(h, 'Ada', 'Bob', 'Cy', 'Dee');
    await introduce(h, ada, bob);
    // Bob asked for Ada at SLOT and got her; at LATER he waits for her; Ada asked for Bob at LATEST and waits.
    const bobSoon = await book(h, bob, SLOT, { partnerId: ada.id });
    const adaSoon = await book(h, ada, SLOT);
    const bobLater = await book(h, bob, LATER, { partnerId: ada.id });
    const LATEST = '2030-01-10T14:00:00Z';
    const adaLatest = await book(h, ada, LATEST, { partnerId: bob.id });
    // On SLOT Cy (desk) and Dee (moving) wait, unable to pair with each other.
    await book(h, cy, SLOT, { activity: 'desk' });
    await book(h, dee, SLOT, { activity: 'moving' });
    await book(h, cy, LATER);
    await book(h, dee, LATEST);
    assert.equal((await put(h, ada, `/v1/blocks/${bob.id}`)).status, 200);

    for (const [who, session, partner] of [[bob, bobSoon, 'Cy'], [ada, adaSoon, 'Dee'], [bob, bobLater, 'Cy'], [ada, adaLatest, 'Dee']] as const) {
      const now = await sessionOf(h, who, session.id);
      assert.deepEqual([now.requestedPartner, partnerName(now)], [null, partner], `${who.name}'s session ${session.start}`);
    }
  });

  test('unblocking makes them compatible again and pairs their waiting sessions at once', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await introduce(h, ada, bob);
    await put(h, bob, `/v1/blocks/${ada.id}`);
    const adas = await book(h, ada, SLOT);
    assert.equal((await book(h, bob, SLOT)).status, 'waiting');
    assert.equal((await h.request('DELETE', `/v1/blocks/${ada.id}`, { token: bob.token })).status, 204);
    assert.equal(partnerName(await sessionOf(h, ada, adas.id)), 'Bob');
    assert.deepEqual((await json(await h.request('GET', '/v1/blocks', { token: bob.token }))).data, []);
  });
});
