import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { createHarness, json, type Harness } from './harness.js';

const SLOT = '2030-01-07T14:00:00.000Z';

interface FeedEvent {
  uid: string;
  start: string;
  end: string;
  status: string;
  sequence: number;
  summary: string;
  description: string;
  alarms: number[];
}

/** Reads the feed back with ical.js, a parser that shares nothing with the generator. */
function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((event) => ({
    uid: String(event.getFirstPropertyValue('uid')),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
    status: String(event.getFirstPropertyValue('status')),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    summary: String(event.getFirstPropertyValue('summary')),
    description: String(event.getFirstPropertyValue('description')),
    alarms: event.getAllSubcomponents('valarm').map((alarm) => (alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()),
  }));
}

async function feedPath(h: Harness, token: string, method = 'GET'): Promise<string> {
  const response = await h.request(method, '/v1/me/calendar', { token });
  assert.equal(response.status, 200);
  return new URL((await json(response)).url).pathname;
}

async function readFeed(h: Harness, path: string): Promise<{ events: FeedEvent[]; etag: string }> {
  const response = await h.request('GET', path);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type')!, /^text\/calendar/);
  assert.match(response.headers.get('cache-control')!, /max-age=\d+/);
  return { events: parseFeed(await response.text()), etag: response.headers.get('etag')! };
}

test('the feed shows each session with a stable UID, its times, TENTATIVE → CONFIRMED → CANCELLED, a growing SEQUENCE and a 10-minute alarm', async () => {
  const h = await createHarness();
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    const path = await feedPath(h, ada.token);
    assert.equal(await feedPath(h, ada.token), path, 'the same URL on every GET');
    assert.match(path, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/, '256 bits in the URL');

    const id = (await json(await h.book(ada.token, SLOT, 50, 'write'))).id as string;
    const waiting = (await readFeed(h, path)).events;
    assert.equal(waiting.length, 1);
    const [first] = waiting;
    assert.deepEqual([first!.uid, first!.start, first!.end, first!.status], [`${id}@cowork`, SLOT, '2030-01-07T14:50:00.000Z', 'TENTATIVE']);
    assert.deepEqual(first!.alarms, [-600]);

    const bobSession = (await json(await h.book(bob.token, SLOT, 50))).id as string;
    const matched = (await readFeed(h, path)).events[0]!;
    assert.equal(matched.status, 'CONFIRMED');
    assert.match(matched.summary, /Bob/);
    assert.ok(matched.sequence > first!.sequence);

    await h.request('PATCH', `/v1/sessions/${bobSession}`, { token: bob.token, body: { task: 'taxes' } });
    const partnerTask = (await readFeed(h, path)).events[0]!;
    assert.match(partnerTask.description, /Your task: write/);
    assert.match(partnerTask.description, /Bob's task: taxes/);
    assert.ok(partnerTask.sequence > matched.sequence, 'the partner\'s task is a change the feed shows');

    await h.request('DELETE', `/v1/sessions/${id}`, { token: ada.token });
    const cancelled = (await readFeed(h, path)).events[0]!;
    assert.deepEqual([cancelled.uid, cancelled.status], [`${id}@cowork`, 'CANCELLED']);
    assert.ok(cancelled.sequence > partnerTask.sequence);
    const bobFeed = (await readFeed(h, await feedPath(h, bob.token))).events;
    assert.deepEqual(bobFeed.map((event) => [event.uid, event.status]), [[`${bobSession}@cowork`, 'TENTATIVE']], 'Bob waits again, in his own feed');
  } finally {
    h.close();
  }
});

test('the feed covers 30 days back, answers 304 to its ETag until something changes', async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    const path = await feedPath(h, ada.token);
    await h.book(ada.token, SLOT);
    const { etag } = await readFeed(h, path);
    const again = await h.request('GET', path, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    await h.book(ada.token, '2030-01-08T09:00:00.000Z');
    const changed = await h.request('GET', path, { headers: { 'if-none-match': etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);

    h.clock.set('2030-02-06T13:00:00.000Z');
    assert.equal((await readFeed(h, path)).events.length, 2, '30 days after the first, both still shown');
    h.clock.set('2030-02-07T08:00:00.000Z');
    assert.deepEqual((await readFeed(h, path)).events.map((event) => event.start), ['2030-01-08T09:00:00.000Z']);
  } finally {
    h.close();
  }
});

test('POST replaces the feed URL and DELETE revokes it: the old one answers 404', async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    const old = await feedPath(h, ada.token);
    const rotated = await feedPath(h, ada.token, 'POST');
    assert.notEqual(rotated, old);
    assert.equal((await h.request('GET', old)).status, 404);
    assert.equal((await h.request('GET', rotated)).status, 200);
    assert.equal(await feedPath(h, ada.token), rotated);
    assert.equal((await h.request('DELETE', '/v1/me/calendar', { token: ada.token })).status, 204);
    assert.equal((await h.request('GET', rotated)).status, 404);
    for (const bad of ['/calendar/nope.ics', `/calendar/${'a'.repeat(43)}.ics`, `${rotated.slice(0, -4)}.txt`]) {
      assert.equal((await h.request('GET', bad)).status, 404, bad);
    }
  } finally {
    h.close();
  }
});

test('a partner\'s new name, or their account deleted, is a change the feed shows: its SEQUENCE grows', async () => {
  const h = await createHarness();
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    await h.book(ada.token, SLOT);
    await h.book(bob.token, SLOT);
    h.clock.set('2030-01-07T15:00:00.000Z');
    const path = await feedPath(h, bob.token);
    const first = (await readFeed(h, path)).events[0]!;
    assert.equal(first.summary, 'Coworking with Ada');

    assert.equal((await h.request('PATCH', '/v1/me', { token: ada.token, body: { name: 'Ada King' } })).status, 200);
    const renamed = (await readFeed(h, path)).events[0]!;
    assert.equal(renamed.summary, 'Coworking with Ada King');
    assert.ok(renamed.sequence > first.sequence, 'a rename bumps the SEQUENCE');

    assert.equal((await h.request('DELETE', '/v1/me', { token: ada.token, body: { password: 'correct horse battery' } })).status, 204);
    const gone = (await readFeed(h, path)).events[0]!;
    assert.equal(gone.summary, 'Coworking with a former member');
    assert.ok(gone.sequence > renamed.sequence, 'a deletion bumps the SEQUENCE');
  } finally {
    h.close();
  }
});
