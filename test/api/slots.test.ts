import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';
import { book, introduce, people, put, setSettings } from './matching-helpers.js';

const slots = async (h: Harness, token: string, query: string) => {
  const response = await h.request('GET', `/v1/slots?${query}`, { token });
  assert.equal(response.status, 200, await response.clone().text());
  return (await json(response)).data as { start: string; duration: number; waiting: number; favorites: { id: string; name: string }[] }[];
};

describe('GET /v1/slots (SPEC §7)', () => {
  let h: Harness;
  beforeEach(async () => (h = await createHarness()));
  afterEach(() => h.close());

  test('lists starts where someone compatible waits, with how many, naming only favourites', async () => {
    const [me, fay, gus, hal] = await people(h, 'Me', 'Fay', 'Gus', 'Hal');
    await introduce(h, me, fay);
    await introduce(h, me, gus);
    await put(h, me, `/v1/favorites/${fay.id}`);
    await book(h, fay, '2030-01-07T14:00:00Z', { activity: 'desk' });
    await book(h, gus, '2030-01-07T14:00:00Z', { activity: 'moving' });
    await book(h, hal, '2030-01-07T15:00:00Z', { duration: 25 });
    const data = await slots(h, me.token, 'from=2030-01-07T12:00:00Z&to=2030-01-08T12:00:00Z');
    assert.deepEqual(data, [
      { start: '2030-01-07T14:00:00.000Z', duration: 50, waiting: 2, favorites: [{ id: fay.id, name: 'Fay' }] },
      { start: '2030-01-07T15:00:00.000Z', duration: 25, waiting: 1, favorites: [] },
    ]);
    assert.deepEqual((await slots(h, me.token, 'from=2030-01-07T12:00:00Z&to=2030-01-08T12:00:00Z&duration=25')).map((s) => s.start), ['2030-01-07T15:00:00.000Z']);
  });

  test('activity and quiet read as a booking would set them, and starts overlapping a live session of yours are left out, except the one named by instead', async () => {
    const [me, quietOne, loud, overlapping] = await people(h, 'Me', 'Quiet', 'Loud', 'Overlapping');
    const mine = await book(h, me, '2030-01-07T14:00:00Z', { quiet: true });
    await book(h, loud, '2030-01-07T14:00:00Z');
    await book(h, overlapping, '2030-01-07T13:30:00Z');
    await book(h, quietOne, '2030-01-07T15:00:00Z', { quiet: true, activity: 'desk' });
    const window = 'from=2030-01-07T12:00:00Z&to=2030-01-08T12:00:00Z';
    const starts = async (query: string) => (await slots(h, me.token, `${window}${query}`)).map((slot) => slot.start);
    assert.deepEqual(await starts(''), [], 'with my settings: 13:30 overlaps my session, 14:00 is my slot, 15:00 is quiet');
    assert.deepEqual(await starts('&quiet=true'), ['2030-01-07T15:00:00.000Z']);
    assert.deepEqual(await starts('&quiet=true&activity=moving'), [], 'desk and moving are not paired');
    assert.deepEqual(await starts(`&instead=${mine.id}`), ['2030-01-07T13:30:00.000Z', '2030-01-07T14:00:00.000Z']);
    assert.equal((await h.request('GET', `/v1/slots?${window}&quiet=maybe`, { token: me.token })).status, 400);
  });

  test('open slots never name anyone but the caller\'s favourites', async () => {
    const [me, gus, hal] = await people(h, 'Me', 'Gus', 'Hal');
    await introduce(h, me, gus);
    await book(h, gus, '2030-01-07T14:00:00Z');
    await book(h, hal, '2030-01-07T14:00:00Z', { duration: 25 });
    const body = JSON.stringify(await slots(h, me.token, 'from=2030-01-07T12:00:00Z&to=2030-01-08T12:00:00Z'));
    for (const other of [gus, hal]) {
      assert.ok(!body.includes(other.id) && !body.includes(other.name), `${other.name} is not named`);
    }
  });

  test('starts where only incompatible people wait are left out, judged by the caller\'s defaults', async () => {
    const [me, ada, bob, cy] = await people(h, 'Me', 'Ada', 'Bob', 'Cy');
    await introduce(h, me, ada);
    await put(h, ada, `/v1/blocks/${me.id}`);
    await book(h, ada, '2030-01-07T14:00:00Z');
    await book(h, bob, '2030-01-07T15:00:00Z', { quiet: true });
    await book(h, cy, '2030-01-07T16:00:00Z', { activity: 'moving' });
    const range = 'from=2030-01-07T12:00:00Z&to=2030-01-08T12:00:00Z';
    assert.deepEqual((await slots(h, me.token, range)).map((s) => s.start), ['2030-01-07T16:00:00.000Z']);
    await setSettings(h, me, { quiet: true, activity: 'desk' });
    assert.deepEqual((await slots(h, me.token, range)).map((s) => s.start), ['2030-01-07T15:00:00.000Z']);
  });

  test('starts already past are left out, and the caller\'s own waiting session is not counted', async () => {
    const [me, ada] = await people(h, 'Me', 'Ada');
    await book(h, ada, '2030-01-07T10:15:00Z');
    await book(h, me, '2030-01-07T13:30:00Z', { activity: 'desk', quiet: true });
    h.clock.set('2030-01-07T10:20:00Z');
    assert.deepEqual(await slots(h, me.token, 'from=2030-01-07T10:00:00Z&to=2030-01-08T10:00:00Z'), []);
  });

  test('a span over 7 days, or to before from, is refused with 400', async () => {
    const [me] = await people(h, 'Me');
    for (const query of ['from=2030-01-07T12:00:00Z&to=2030-01-14T12:15:00Z', 'from=2030-01-07T12:00:00Z&to=2030-01-07T11:00:00Z', 'duration=30']) {
      const response = await h.request('GET', `/v1/slots?${query}`, { token: me.token });
      assert.equal(response.status, 400, query);
    }
  });
});
