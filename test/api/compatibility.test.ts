import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';
import { book, pairedBothOrders, introduce, people, put, sessionOf, setSettings, type BookingExtras, type Person } from './matching-helpers.js';

// Every clause of SPEC §7 through the API, with each side booking first in turn.
describe('pairing follows every compatibility clause, whoever books first', () => {
  let h: Harness;
  let slots = 0;
  const nextSlot = () => new Date(Date.parse('2030-01-08T06:00:00Z') + slots++ * 3_600_000).toISOString();
  before(async () => (h = await createHarness()));
  after(() => h.close());

  const bothOrders = (a: Person, aExtras: BookingExtras, b: Person, bExtras: BookingExtras) => pairedBothOrders(h, nextSlot, a, aExtras, b, bExtras);

  test('A blocks B: neither is paired with the other whoever books first', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await introduce(h, ada, bob);
    assert.equal((await put(h, ada, `/v1/blocks/${bob.id}`)).status, 200);
    assert.deepEqual(await bothOrders(ada, {}, bob, {}), [false, false]);
  });

  for (const picky of ['first', 'second'] as const) {
    test(`favourites-only on the ${picky} person's side pairs only with their favourites, whoever books first`, async () => {
      const [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
      const chooser = picky === 'first' ? ada : bob;
      const other = chooser === ada ? bob : ada;
      await introduce(h, chooser, other);
      await setSettings(h, chooser, { matchWith: 'favorites' });
      assert.deepEqual(await bothOrders(ada, {}, bob, {}), [false, false]);
      // Once the chooser marks the other as a favourite, their sessions waiting apart are paired at once.
      assert.equal((await put(h, chooser, `/v1/favorites/${other.id}`)).status, 200);
      const waiting = await json(await h.request('GET', '/v1/sessions?status=waiting', { token: chooser.token }));
      assert.deepEqual(waiting.data, [], 'no session of the chooser is left waiting');
      assert.deepEqual(await bothOrders(ada, {}, bob, {}), [true, true]);
      // Someone who is not a favourite is still refused.
      assert.deepEqual(await bothOrders(chooser, {}, cy, {}), [false, false]);
    });
  }

  const activityTable = [
    ['desk', 'desk', true], ['desk', 'moving', false], ['desk', 'anything', true],
    ['moving', 'moving', true], ['moving', 'anything', true], ['anything', 'anything', true],
  ] as const;
  for (const [x, y, paired] of activityTable) {
    test(`activity ${x} with ${y} is ${paired ? 'paired' : 'never paired'}, whoever books first`, async () => {
      const [ada, bob] = await people(h, 'Ada', 'Bob');
      assert.deepEqual(await bothOrders(ada, { activity: x }, bob, { activity: y }), [paired, paired]);
    });
  }

  test('quiet is paired only with quiet, whoever books first', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    assert.deepEqual(await bothOrders(ada, { quiet: true }, bob, {}), [false, false]);
    assert.deepEqual(await bothOrders(ada, { quiet: true }, bob, { quiet: true }), [true, true]);
  });

  test('a booking with partnerId is paired only with that person, whoever books first', async () => {
    const [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
    await introduce(h, ada, bob);
    assert.deepEqual(await bothOrders(ada, { partnerId: bob.id }, cy, {}), [false, false]);
    assert.deepEqual(await bothOrders(ada, { partnerId: bob.id }, bob, {}), [true, true]);
  });

  test('a booking with partnerId shows requestedPartner, and one without shows null', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await introduce(h, ada, bob);
    const asked = await book(h, ada, nextSlot(), { partnerId: bob.id });
    assert.deepEqual(asked.requestedPartner, { id: bob.id, name: 'Bob' });
    assert.equal((await book(h, ada, nextSlot())).requestedPartner, null);
  });

  test('partnerId must name a past partner, else 404 and nothing is booked', async () => {
    const [ada, stranger] = await people(h, 'Ada', 'Stranger');
    for (const partnerId of [stranger.id, ada.id, 'no-such-person']) {
      const response = await h.request('POST', '/v1/sessions', { token: ada.token, body: { start: nextSlot(), duration: 50, partnerId } });
      assert.equal(response.status, 404);
      assert.match((await json(response)).detail, /past partner/);
    }
    assert.deepEqual((await json(await h.request('GET', '/v1/sessions', { token: ada.token }))).data, []);
  });

  test('partnerId refuses someone paired with you only in sessions ahead (404); once a shared start has come, they can be asked for', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    const ahead = nextSlot();
    await book(h, ada, ahead);
    await book(h, bob, ahead);
    const refused = await h.request('POST', '/v1/sessions', { token: ada.token, body: { start: nextSlot(), duration: 50, partnerId: bob.id } });
    assert.equal(refused.status, 404);
    const problem = await json(refused);
    assert.equal(problem.type, 'urn:cowork:problem:not-a-partner');
    assert.match(problem.detail, /Bob has been your partner only in sessions still ahead/);
    assert.equal((await json(await h.request('GET', '/v1/sessions', { token: ada.token }))).data.length, 1, 'nothing booked');
    h.clock.set(ahead);
    const asked = await book(h, ada, nextSlot(), { partnerId: bob.id });
    assert.deepEqual(asked.requestedPartner, { id: bob.id, name: 'Bob' });
  });

  test('favourites are preferred over an older stranger', async () => {
    const [dee, fay, stranger] = await people(h, 'Dee', 'Fay', 'Stranger');
    await introduce(h, dee, fay);
    await put(h, dee, `/v1/favorites/${fay.id}`);
    const start = nextSlot();
    // The stranger (desk) and Fay (moving) cannot be paired with each other; Dee (anything) can with both.
    await book(h, stranger, start, { activity: 'desk' });
    await book(h, fay, start, { activity: 'moving' });
    const dees = await book(h, dee, start);
    assert.deepEqual(dees.partner, { id: fay.id, name: 'Fay' });
  });

  test('with no favourite waiting, the oldest compatible booking is chosen', async () => {
    const [ada, bob, cy] = await people(h, 'Ada', 'Bob', 'Cy');
    const start = nextSlot();
    await book(h, ada, start, { activity: 'desk' });
    await book(h, bob, start, { activity: 'moving' });
    assert.equal((await book(h, cy, start)).partner.name, 'Ada');
    const bobs = (await json(await h.request('GET', '/v1/sessions', { token: bob.token }))).data[0];
    assert.equal((await sessionOf(h, bob, bobs.id)).status, 'waiting');
  });
});
