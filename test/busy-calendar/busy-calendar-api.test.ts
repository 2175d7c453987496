import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { DEFAULT_LIMITS } from '../../api/config/limits.js';
import { refreshBusyCalendarsJob } from '../../api/jobs/refresh-busy-calendars.js';
import { createHarness, json, snapshot, type Harness } from '../api/harness.js';
import { startIcsServer, type IcsServer } from './ics-server.js';

const NOW = '2030-03-04T06:00:00.000Z';
const GOOGLE = readFileSync(new URL('../fixtures/ics/google-calendar.ics', import.meta.url), 'utf8');
// The same calendar once the dentist appointment is cancelled: its VEVENT gone.
const WITHOUT_DENTIST = GOOGLE.replace(/BEGIN:VEVENT\r\n(?:(?!END:VEVENT)[\s\S])*?SUMMARY:Dentist[\s\S]*?END:VEVENT\r\n/, '');

describe('busy calendar through the API, fetched from a calendar server on 127.0.0.1 (SPEC §15)', () => {
  let h: Harness;
  let ics: IcsServer;
  let ada: { id: string; token: string };
  const policy = { timeoutMs: 500, allowPrivate: true };
  const refresh = () => refreshBusyCalendarsJob(h.db, { policy, maxUpcoming: DEFAULT_LIMITS.maxUpcoming }).runOnce(h.clock.now());
  const call = (method: string, path: string, body?: unknown) => h.request(method, path, { token: ada.token, ...(body === undefined ? {} : { body }) });
  const calendar = async () => json(await call('GET', '/v1/me/busy-calendar'));

  before(async () => (ics = await startIcsServer()));
  after(() => ics.close());
  beforeEach(async () => {
    h = await createHarness(NOW, undefined, { webhooks: { allowPrivate: true } });
    ada = await h.signUp('Ada');
    ics.set('/ada.ics', { ics: GOOGLE });
  });
  afterEach(() => h.close());

  test('PUT names the calendar, the job fetches it, GET shows when that worked and the busy events ahead', async () => {
    const set = await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    assert.equal(set.status, 200);
    assert.deepEqual({ ...(await json(set)), createdAt: undefined }, {
      url: ics.url('/ada.ics'), createdAt: undefined, lastAttemptAt: null, lastSuccessAt: null, lastError: null, nextFetchAt: NOW, busy: [],
    });
    await refresh();
    const shown = await calendar();
    assert.deepEqual([shown.lastSuccessAt, shown.lastError, shown.nextFetchAt], [NOW, null, '2030-03-04T06:15:00.000Z']);
    assert.equal(shown.busy.length, 9);
    assert.deepEqual(shown.busy.find((event: { title: string }) => event.title === 'Dentist'), { start: '2030-03-19T13:00:00.000Z', end: '2030-03-19T14:00:00.000Z', title: 'Dentist' });
  });

  test('a booking over a busy interval is refused with 409 busy naming the event, and ignoreBusy books it anyway', async () => {
    assert.equal((await call('PATCH', '/v1/me', { timezone: 'Europe/Berlin' })).status, 200);
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    await refresh();
    const before = await snapshot(h.inspect());
    const refused = await call('POST', '/v1/sessions', { start: '2030-03-19T13:30:00Z', duration: 50 });
    assert.equal(refused.status, 409);
    const problem = await json(refused);
    assert.equal(problem.type, 'urn:cowork:problem:busy');
    assert.deepEqual(problem.busyInterval, { start: '2030-03-19T13:00:00.000Z', end: '2030-03-19T14:00:00.000Z', title: 'Dentist' });
    assert.match(problem.detail, /"Dentist" from 2030-03-19T13:00:00.000Z to 2030-03-19T14:00:00.000Z.*ignoreBusy/);
    assert.equal(await snapshot(h.inspect()), before, 'nothing written');
    // Ending as the event starts, or starting as it ends, is not over it.
    assert.equal((await call('POST', '/v1/sessions', { start: '2030-03-19T12:30:00Z', duration: 25 })).status, 201);
    assert.equal((await call('POST', '/v1/sessions', { start: '2030-03-19T14:00:00Z', duration: 25 })).status, 201);
    const anyway = await call('POST', '/v1/sessions', { start: '2030-03-19T13:30:00Z', duration: 25, ignoreBusy: true });
    assert.equal(anyway.status, 201);
    // An all-day event covers the day in the person's time zone (Offsite, 2 and 3 April in Berlin).
    assert.equal((await call('POST', '/v1/sessions', { start: '2030-04-01T22:00:00Z', duration: 25 })).status, 409);
    assert.equal((await call('POST', '/v1/sessions', { start: '2030-04-03T22:00:00Z', duration: 25 })).status, 201);
  });

  test('slots leave out starts over a busy interval', async () => {
    const bob = await h.signUp('Bob');
    for (const start of ['2030-03-19T13:00:00Z', '2030-03-19T15:00:00Z']) assert.equal((await h.request('POST', '/v1/sessions', { token: bob.token, body: { start, duration: 50 } })).status, 201);
    const window = 'from=2030-03-19T12:00:00Z&to=2030-03-19T18:00:00Z';
    const starts = async () => (await json(await call('GET', `/v1/slots?${window}`))).data.map((slot: { start: string }) => slot.start);
    assert.deepEqual(await starts(), ['2030-03-19T13:00:00.000Z', '2030-03-19T15:00:00.000Z']);
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    await refresh();
    assert.deepEqual(await starts(), ['2030-03-19T15:00:00.000Z'], 'the dentist is at 13:00');
  });

  test('fetched at most every 15 minutes, then with If-None-Match: an unchanged calendar answers 304 and counts as a success', async () => {
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    await refresh();
    const asked = () => ics.requests.filter((r) => r.path === '/ada.ics');
    const first = asked().length;
    h.clock.advance(10);
    await refresh();
    assert.equal(asked().length, first, 'not due before 15 minutes');
    h.clock.advance(5);
    await refresh();
    assert.equal(asked().length, first + 1);
    assert.match(asked().at(-1)!.ifNoneMatch ?? '', /^"[0-9a-f]{16}"$/);
    const shown = await calendar();
    assert.deepEqual([shown.lastSuccessAt, shown.busy.length], ['2030-03-04T06:15:00.000Z', 9]);
    // Naming the same address again fetches nothing sooner.
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    await refresh();
    assert.equal(asked().length, first + 1);
  });

  const failures: [string, Parameters<IcsServer['set']>[1], RegExp][] = [
    ['answers 500', { status: 500 }, /answered 500/],
    ['never answers', { hang: true }, /no complete answer within 500 ms/],
    ['drips a byte at a time', { drip: true }, /no complete answer within 500 ms/],
    ['sends more than 2 MB', { bytes: 2 * 1024 * 1024 + 1 }, /larger than 2 MB/],
    ['sends something that is not a calendar', { bytes: 10 }, /not an iCalendar file/],
  ];
  for (const [what, behaviour, error] of failures) {
    test(`a calendar server that ${what} keeps the last good intervals, and GET says when it last worked and why not now`, async () => {
      await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
      await refresh();
      ics.set('/ada.ics', behaviour);
      h.clock.advance(15);
      await refresh();
      const shown = await calendar();
      assert.equal(shown.lastSuccessAt, NOW);
      assert.equal(shown.lastAttemptAt, '2030-03-04T06:15:00.000Z');
      assert.match(shown.lastError, error);
      assert.equal(shown.busy.length, 9, 'the last good intervals are kept');
      assert.equal((await call('POST', '/v1/sessions', { start: '2030-03-19T13:30:00Z', duration: 25 })).status, 409);
    });
  }

  test('a calendar that drips stalls no other: a step fetches the others at once and ends at the deadline', async () => {
    const bob = await h.signUp('Bob');
    ics.set('/slow.ics', { drip: true });
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/slow.ics') });
    await h.request('PUT', '/v1/me/busy-calendar', { token: bob.token, body: { url: ics.url('/ada.ics') } });
    const began = Date.now();
    await refresh();
    assert.ok(Date.now() - began < 3_000, `the step took ${Date.now() - began} ms`);
    const bobs = await json(await h.request('GET', '/v1/me/busy-calendar', { token: bob.token }));
    assert.deepEqual([bobs.lastSuccessAt, bobs.busy.length], [NOW, 9]);
    assert.match((await calendar()).lastError, /no complete answer within 500 ms/);
  });

  test('a routine skips an occurrence over a busy interval with reason busy, and books it once the event is gone', async () => {
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    await refresh();
    const created = await call('POST', '/v1/routines', { days: ['tue'], time: '14:00', duration: 50, timezone: 'Europe/Berlin', horizonDays: 28 });
    assert.equal(created.status, 201, await created.clone().text());
    const routine = await json(created);
    assert.deepEqual(routine.skipped, [{ start: '2030-03-19T13:00:00.000Z', reason: 'busy' }]);
    const starts = async () => (await json(await call('GET', '/v1/sessions?limit=100'))).data.map((s: { start: string }) => s.start);
    assert.deepEqual(await starts(), ['2030-03-05T13:00:00.000Z', '2030-03-12T13:00:00.000Z', '2030-03-26T13:00:00.000Z']);
    // The dentist appointment is cancelled; the next fetch sees it gone and books the Tuesday at once.
    ics.set('/ada.ics', { ics: WITHOUT_DENTIST });
    h.clock.advance(15);
    await refresh();
    assert.deepEqual(await starts(), ['2030-03-05T13:00:00.000Z', '2030-03-12T13:00:00.000Z', '2030-03-19T13:00:00.000Z', '2030-03-26T13:00:00.000Z']);
    assert.deepEqual((await json(await call('GET', `/v1/routines/${routine.id}`))).skipped, []);
  });

  test('DELETE forgets the calendar and its intervals: bookings go through again, and GET answers 404', async () => {
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    await refresh();
    assert.equal((await call('DELETE', '/v1/me/busy-calendar')).status, 204);
    assert.equal((await call('GET', '/v1/me/busy-calendar')).status, 404);
    assert.equal((await call('DELETE', '/v1/me/busy-calendar')).status, 404);
    assert.equal((await call('POST', '/v1/sessions', { start: '2030-03-19T13:30:00Z', duration: 25 })).status, 201);
    const left = await h.inspect().execute('SELECT count(*) AS n FROM busy_intervals');
    assert.equal(Number(left.rows[0]!.n), 0);
  });

  test('another address starts afresh: the old intervals go, the new one is fetched at once', async () => {
    await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/ada.ics') });
    await refresh();
    ics.set('/other.ics', { ics: readFileSync(new URL('../fixtures/ics/outlook.ics', import.meta.url), 'utf8') });
    h.clock.advance(1);
    const changed = await json(await call('PUT', '/v1/me/busy-calendar', { url: ics.url('/other.ics') }));
    assert.deepEqual([changed.busy, changed.lastSuccessAt], [[], null]);
    await refresh();
    assert.equal((await calendar()).busy.length, 8);
  });
});

describe('the busy calendar address follows the webhook address policy (SPEC §15)', () => {
  let h: Harness;
  let token: string;
  before(async () => {
    h = await createHarness(NOW);
    token = (await h.signUp('Ada')).token;
  });
  after(() => h.close());

  const refusals: [string, string, RegExp][] = [
    ['plain http', 'http://93.184.216.34/cal.ics', /https only/],
    ['a loopback address', 'https://127.0.0.1/cal.ics', /not a public address/],
    ['a private address', 'https://[::ffff:10.0.0.1]/cal.ics', /not a public address/],
    ['a user name in the address', 'https://ada:pw@93.184.216.34/cal.ics', /user name or password/],
    ['not a URL', 'my calendar', /not a URL/],
  ];
  for (const [what, url, rule] of refusals) {
    test(`${what} is refused with 422 naming the rule, and nothing is kept`, async () => {
      const response = await h.request('PUT', '/v1/me/busy-calendar', { token, body: { url } });
      assert.equal(response.status, 422);
      assert.match((await json(response)).detail, rule);
      assert.equal((await h.request('GET', '/v1/me/busy-calendar', { token })).status, 404);
    });
  }

  test('/openapi.json names each busy calendar route with a camelCase operationId and one tag, and the busy refusal\'s busyInterval', async () => {
    const document = await json(await h.request('GET', '/openapi.json'));
    const path = document.paths['/v1/me/busy-calendar'];
    assert.deepEqual(['put', 'get', 'delete'].map((method) => [path[method].operationId, path[method].tags]), [
      ['setBusyCalendar', ['Busy calendar']], ['getBusyCalendar', ['Busy calendar']], ['deleteBusyCalendar', ['Busy calendar']],
    ]);
    assert.ok(document.components.schemas.Problem.properties.busyInterval);
    assert.ok(document.components.schemas.BusyCalendar);
  });

  test('a webcal:// address is read as https://, as calendar apps do', async () => {
    const response = await h.request('PUT', '/v1/me/busy-calendar', { token, body: { url: 'webcal://93.184.216.34/cal.ics' } });
    assert.equal(response.status, 200);
    assert.equal((await json(response)).url, 'https://93.184.216.34/cal.ics');
  });
});
