import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { createHarness, json, type Harness } from './harness.js';

const SLOT = '2030-01-07T14:00:00.000Z';
// Every character RFC 5545 TEXT escapes, a colon, and a backslash-n that must stay two characters.
const TYPED = 'Ada "Lady", Countess; of \\ Lovelace: \\n stays';
// A real line break (and a property after it) cannot be typed through the API, which refuses
// control characters; the feed must hold even for a name stored before that rule.
const STORED = 'Ada\nX-INJECTED:1\r\nBEGIN:VEVENT; a\\b, c: d\re';
// TEXT has one escape for a line break, so CR LF and a lone CR read back as \n.
const STORED_AS_READ = STORED.replace(/\r\n?/g, '\n');

interface Feed {
  calendarName: unknown;
  wrCalendarName: unknown;
  texts: string[];
  propertyNames: string[];
}

/**
 * The feed read back by ical.js. It keeps NAME and X-WR-CALNAME raw (it has no design for them),
 * so their TEXT values are decoded with its own TEXT decoder.
 */
function readBack(body: string): Feed {
  const calendar = new ICAL.Component(ICAL.parse(body));
  const asText = (name: string) => {
    const value = calendar.getFirstPropertyValue(name);
    return typeof value === 'string' ? ICAL.design.icalendar.value.text.fromICAL(value) : value;
  };
  const events = calendar.getAllSubcomponents('vevent');
  const texts = events.flatMap((event) => [
    String(event.getFirstPropertyValue('summary')),
    String(event.getFirstPropertyValue('description')),
    ...event.getAllSubcomponents('valarm').map((alarm) => String(alarm.getFirstPropertyValue('description'))),
  ]);
  const propertyNames = [calendar, ...events, ...events.flatMap((event) => event.getAllSubcomponents('valarm'))]
    .flatMap((component) => component.getAllProperties().map((property) => property.name));
  return { calendarName: asText('name'), wrCalendarName: asText('x-wr-calname'), texts, propertyNames };
}

async function feedOf(h: Harness, token: string): Promise<Feed> {
  const path = new URL((await json(await h.request('GET', '/v1/me/calendar', { token }))).url).pathname;
  const response = await h.request('GET', path);
  assert.equal(response.status, 200);
  return readBack(await response.text());
}

async function rename(h: Harness, token: string, name: string): Promise<void> {
  assert.equal((await h.request('PATCH', '/v1/me', { token, body: { name } })).status, 200);
}

test('a name with commas, semicolons, a backslash and a colon comes back exactly from NAME, X-WR-CALNAME, SUMMARY, DESCRIPTION and the alarm', async () => {
  const h = await createHarness();
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    await rename(h, ada.token, TYPED);
    await rename(h, bob.token, `Bob; ${TYPED}`);
    const session = (await json(await h.book(ada.token, SLOT, 50, `task, ${TYPED}`))).id as string;
    await h.book(bob.token, SLOT, 50, `his; ${TYPED}`);

    const feed = await feedOf(h, ada.token);
    assert.equal(feed.calendarName, `cowork: ${TYPED}`);
    assert.equal(feed.wrCalendarName, `cowork: ${TYPED}`);
    assert.deepEqual(feed.texts, [
      `Coworking with Bob; ${TYPED}`,
      `Your task: task, ${TYPED}\nBob; ${TYPED}'s task: his; ${TYPED}\nJoin with: cowork next (session ${session})`,
      `Coworking with Bob; ${TYPED}`,
    ]);
  } finally {
    h.close();
  }
});

test('a stored name holding line breaks stays one value everywhere in the feed and starts no property of its own', async () => {
  const h = await createHarness();
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    await h.book(ada.token, SLOT);
    await h.book(bob.token, SLOT);
    const names = h.inspect();
    await names.execute({ sql: 'UPDATE users SET name = ? WHERE id IN (?, ?)', args: [STORED, ada.id, bob.id] });

    const feed = await feedOf(h, ada.token);
    assert.equal(feed.calendarName, `cowork: ${STORED_AS_READ}`);
    assert.equal(feed.wrCalendarName, `cowork: ${STORED_AS_READ}`);
    assert.equal(feed.texts[0], `Coworking with ${STORED_AS_READ}`);
    assert.ok(feed.texts[1]!.startsWith(`Your task: (none yet)\n${STORED_AS_READ}'s task: (none yet)\n`), feed.texts[1]);
    assert.equal(feed.texts[2], `Coworking with ${STORED_AS_READ}`);
    assert.ok(!feed.propertyNames.includes('x-injected'), `no injected property among ${feed.propertyNames.join(', ')}`);
    assert.equal(feed.propertyNames.filter((name) => name === 'uid').length, 1, 'one event, no injected one');
  } finally {
    h.close();
  }
});
