import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAttendanceKit } from './attendance-kit.js';
import { createHarness, json, snapshot, type Harness } from './harness.js';
import { book, pairedBothOrders, people, setSettings, type BookingExtras, type Person } from './matching-helpers.js';

// Languages (SPEC §15) through the API: settings, bookings, pairing whoever books first, slots and rematch.
describe('languages: two sessions are paired only if either names none or they share one', () => {
  let h: Harness;
  let slots = 0;
  const nextSlot = () => new Date(Date.parse('2030-01-08T06:00:00Z') + slots++ * 3_600_000).toISOString();
  before(async () => (h = await createHarness()));
  after(() => h.close());

  const bothOrders = (a: Person, aExtras: BookingExtras, b: Person, bExtras: BookingExtras) => pairedBothOrders(h, nextSlot, a, aExtras, b, bExtras);

  const table: [string[], string[], boolean][] = [
    [['en'], ['de'], false], [['de', 'fr'], ['en', 'es'], false],
    [['en'], ['en'], true], [['de', 'en'], ['en', 'fr'], true], [['en'], [], true], [[], [], true],
    // The fifth code counts as much as the first.
    [['de', 'es', 'fr', 'it', 'pt'], ['pt'], true], [['ar', 'de', 'es', 'fr', 'it'], ['pt', 'zh'], false],
  ];
  for (const [x, y, paired] of table) {
    test(`a booking in [${x.join(', ')}] with one in [${y.join(', ')}] is ${paired ? 'paired' : 'never paired'}, whoever books first`, async () => {
      const [ada, bob] = await people(h, 'Ada', 'Bob');
      assert.deepEqual(await bothOrders(ada, { languages: x }, bob, { languages: y }), [paired, paired]);
    });
  }

  test('the settings\' languages are a booking\'s default, both ways, and a booking may name none instead', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    await setSettings(h, ada, { languages: ['de'] });
    await setSettings(h, bob, { languages: ['en'] });
    assert.deepEqual(await bothOrders(ada, {}, bob, {}), [false, false]);
    assert.deepEqual(await bothOrders(ada, { languages: [] }, bob, {}), [true, true]);
    assert.deepEqual(await bothOrders(ada, { languages: ['EN', 'de'] }, bob, {}), [true, true]);
  });

  test('languages are fixed at booking: a later change of settings changes no session', async () => {
    const [ada] = await people(h, 'Ada');
    await setSettings(h, ada, { languages: ['fr', 'de'] });
    const session = await book(h, ada, nextSlot());
    assert.deepEqual(session.languages, ['de', 'fr']);
    await setSettings(h, ada, { languages: [] });
    const again = await json(await h.request('GET', `/v1/sessions/${session.id}`, { token: ada.token }));
    assert.deepEqual(again.languages, ['de', 'fr']);
    assert.deepEqual((await json(await h.request('GET', '/v1/me', { token: ada.token }))).languages, []);
  });

  test('an unknown code, a code that is not two letters, or more than five languages is refused with 400 naming the rule, and nothing is written', async () => {
    const [ada] = await people(h, 'Ada');
    const before = await snapshot(h.inspect());
    const cases: [unknown, RegExp][] = [
      [['en', 'xx'], /"xx" is not an ISO 639-1 code/],
      [['eng'], /"eng" is not an ISO 639-1 code/],
      [['en', 'de', 'fr', 'es', 'it', 'pt'], /at most 5 languages/],
      ['en', /list of ISO 639-1 codes/],
    ];
    for (const [languages, rule] of cases) {
      for (const [method, path, body] of [['PATCH', '/v1/me', { languages }], ['POST', '/v1/sessions', { start: nextSlot(), duration: 50, languages }]] as const) {
        const response = await h.request(method, path, { token: ada.token, body });
        assert.equal(response.status, 400, `${method} ${path} ${JSON.stringify(languages)}`);
        const problem = await json(response);
        assert.match(problem.detail, rule);
        assert.ok(problem.errors.every((e: { path: string }) => e.path.startsWith('languages')), JSON.stringify(problem.errors));
      }
    }
    assert.equal(await snapshot(h.inspect()), before);
  });

  test('slots leave out starts where only people of other languages wait, read as a booking would set them', async () => {
    const [me, german, english] = await people(h, 'Me', 'German', 'English');
    await setSettings(h, me, { languages: ['en'] });
    const [deStart, enStart] = [nextSlot(), nextSlot()];
    await book(h, german, deStart, { languages: ['de'] });
    await book(h, english, enStart, { languages: ['en', 'es'] });
    const window = `from=${encodeURIComponent(deStart)}&to=${encodeURIComponent(new Date(Date.parse(enStart) + 3_600_000).toISOString())}`;
    const starts = async (query: string) => {
      const response = await h.request('GET', `/v1/slots?${window}${query}`, { token: me.token });
      assert.equal(response.status, 200, await response.clone().text());
      return (await json(response)).data.map((slot: { start: string }) => Date.parse(slot.start));
    };
    assert.deepEqual(await starts(''), [Date.parse(enStart)], 'my settings: English only');
    assert.deepEqual(await starts('&languages=de'), [Date.parse(deStart)]);
    assert.deepEqual(await starts('&languages='), [Date.parse(deStart), Date.parse(enStart)], 'naming none: anyone');
    const refused = await h.request('GET', `/v1/slots?${window}&languages=en,klingon`, { token: me.token });
    assert.equal(refused.status, 400);
    assert.match((await json(refused)).detail, /"klingon" is not an ISO 639-1 code/);
  });
});

describe('a rematch follows the language clause too (SPEC §8, §15)', () => {
  test('a present person is rematched with a present person sharing a language, never with one who shares none', async () => {
    const start = '2030-01-07T12:00:00.000Z';
    const kit = await createAttendanceKit('2030-01-07T09:00:00.000Z');
    try {
      const everyone = await people(kit.h, 'Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay');
      const extras: Record<string, string[]> = { Ada: ['en'], Bob: ['en'], Cy: ['de'], Dee: ['de'], Eve: ['en', 'fr'], Fay: [] };
      const members: Record<string, { name: string; email: string; token: string; userId: string; sessionId: string }> = {};
      for (const p of everyone) {
        const response = await kit.h.request('POST', '/v1/sessions', { token: p.token, body: { start, duration: 25, languages: extras[p.name] } });
        assert.equal(response.status, 201);
        members[p.name] = { name: p.name, email: '', token: p.token, userId: p.id, sessionId: String((await json(response)).id) };
      }
      for (const [a, b] of [['Ada', 'Bob'], ['Cy', 'Dee'], ['Eve', 'Fay']] as const) assert.equal((await kit.session(members[a]!)).partner.name, b);
      kit.h.clock.set(new Date(Date.parse(start) + 5 * 60_000).toISOString());
      const ada = await kit.openPage(members.Ada!);
      await kit.openPage(members.Cy!);
      const adaFirst = await json(await kit.rematch(ada));
      assert.equal(adaFirst.rematched, false, 'Cy, the only other present person, speaks German only');
      await kit.openPage(members.Eve!);
      const adaThen = await json(await kit.rematch(ada));
      assert.equal(adaThen.session.partner.name, 'Eve');
    } finally {
      await kit.h.close();
    }
  });
});
