import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAttendanceKit, type AttendanceKit } from './attendance-kit.js';
import { json, snapshot } from './harness.js';

const hour = (i: number) => new Date(Date.parse('2030-01-08T00:00:00Z') + i * 3_600_000).toISOString();
const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

const LATE_CANCELS = new Set([5, 10, 15]);
const NO_SHOWS = new Set([0, 1, 8, 12]);
/** A booked member as the kit returns them: who booked, with their token and session. */
type Booked = Awaited<ReturnType<AttendanceKit['book']>>;

describe('attendance score, the low-score limit and stats (SPEC §8)', () => {
  let kit: AttendanceKit;
  let ada: Booked;
  let cy: Booked;

  // Ada's 22 sessions with Bob: the two oldest fall outside the last 20; of those, 3 late cancels and 2 no-shows.
  before(async () => {
    kit = await createAttendanceKit('2030-01-07T09:00:00.000Z');
    const adaSessions: Booked[] = [];
    const bobSessions: Booked[] = [];
    for (let i = 0; i < 22; i++) {
      adaSessions.push(await kit.book(adaSessions[0] ?? 'Ada', hour(i)));
      bobSessions.push(await kit.book(bobSessions[0] ?? 'Bob', hour(i)));
    }
    // Cy and Dee missed their 4 sessions together: a score of 0 %, but over fewer than 5.
    let dee: Booked | undefined;
    for (let i = 0; i < 4; i++) {
      const cyBooked = await kit.book(i === 0 ? 'Cy' : cy, hour(i));
      if (i === 0) cy = cyBooked;
      dee = await kit.book(dee ?? 'Dee', hour(i));
    }
    for (let i = 0; i < 22; i++) {
      const [a, b] = [adaSessions[i]!, bobSessions[i]!];
      if (LATE_CANCELS.has(i)) {
        kit.h.clock.set(shift(hour(i), -30));
        assert.equal((await kit.h.request('DELETE', `/v1/sessions/${a.sessionId}`, { token: a.token })).status, 200);
        continue;
      }
      kit.h.clock.set(shift(hour(i), -5));
      const bobPage = await kit.openPage(b);
      const adaPage = NO_SHOWS.has(i) ? null : await kit.openPage(a);
      kit.h.clock.set(shift(hour(i), 1));
      await kit.join(bobPage);
      if (adaPage) await kit.join(adaPage);
    }
    ada = adaSessions[0]!;
    kit.h.clock.set('2030-01-09T00:00:00.000Z');
  });
  after(() => kit.h.close());

  test('the score is the share of the last 20 scored sessions attended; late cancels and no-shows count as missed', async () => {
    const stats = await json(await kit.h.request('GET', '/v1/me/stats', { token: ada.token }));
    assert.equal(stats.score, 0.75, '15 attended of the last 20');
    assert.equal(stats.scoredSessions, 20);
    assert.deepEqual([stats.noShows, stats.lateCancels], [4, 3]);
    assert.deepEqual([stats.completed, stats.minutesFocused], [15, 375]);
    assert.deepEqual(stats.streak, { current: 1, longest: 1 });
    assert.equal(stats.weeks.length, 12);
    assert.deepEqual(stats.weeks.at(-1), { weekOf: '2030-01-07', sessions: 15, minutes: 375 });
  });

  test('a score under 80 % over at least 5 sessions holds 3 upcoming: the 4th is refused saying why and how to lift it; a cancel lifts it; nothing is cancelled', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const booked = await kit.h.book(ada.token, hour(40 + i), 25);
      assert.equal(booked.status, 201);
      ids.push(String((await json(booked)).id));
    }
    const before = await snapshot(kit.h.inspect());
    const refused = await kit.h.book(ada.token, hour(50), 25);
    assert.equal(refused.status, 409);
    const problem = await json(refused);
    assert.equal(problem.type, 'urn:cowork:problem:low-score-limit');
    assert.match(problem.detail, /attendance score is 75 % over your last 20 sessions, under 80 %/);
    assert.match(problem.detail, /at most 3 upcoming sessions; attend the ones you hold/);
    assert.deepEqual([problem.limit, problem.maxUpcoming], ['low-score', 3]);
    assert.equal(await snapshot(kit.h.inspect()), before, 'a refusal writes nothing');
    const live = await json(await kit.h.request('GET', '/v1/sessions?limit=100', { token: ada.token }));
    assert.equal(live.data.length, 3, 'the limit cancels nothing already booked');
    assert.equal((await kit.h.request('DELETE', `/v1/sessions/${ids[0]}`, { token: ada.token })).status, 200);
    assert.equal((await kit.h.book(ada.token, hour(50), 25)).status, 201);
  });

  test('with fewer than 5 scored sessions the low-score limit does not apply, whatever the score', async () => {
    const stats = await json(await kit.h.request('GET', '/v1/me/stats', { token: cy.token }));
    assert.deepEqual([stats.score, stats.scoredSessions, stats.noShows], [0, 4, 4]);
    for (let i = 0; i < 5; i++) assert.equal((await kit.h.book(cy.token, hour(60 + i), 25)).status, 201);
  });
});
