import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { book, join, signUp, type Person } from './helpers/api-client.js';
import { browserSkip, launchChromium, openCallPage, waitFor, type CallPage } from './helpers/browser.js';
import { startCallServer, type CallServer } from './helpers/call-server.js';

const JITSI = { COWORK_JITSI_DOMAIN: 'meet.example.org', COWORK_JITSI_APP_ID: 'cowork-test', COWORK_JITSI_APP_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };
const START = '2030-01-07T14:00:00.000Z';
const bodyText = (page: CallPage) => page.page.locator('body').innerText();
const rooms = async (page: CallPage) => (await page.calls()).map((call) => String(call.options.roomName));

/**
 * Ada's partner Bob and Cy's partner Dee never come. The server's clock stands at start + 5 min
 * when the pages open: Cy's page is open first, then Ada's page checks in, asks for a rematch by
 * itself, and both pages move to one new room, each showing the other's name and what happened.
 */
describe('the call page rematches by itself when the partner does not come (SPEC §8)', { skip: browserSkip }, () => {
  let dir: string;
  let server: CallServer;
  let browser: Browser;
  let ada: Person;
  let cy: Person;
  let sessions: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(joinPath(tmpdir(), 'cowork-rematch-'));
    const dbPath = joinPath(dir, 'cowork.db');
    const booking = await startCallServer({ ...JITSI, COWORK_NOW: '2030-01-07T13:00:00Z' }, dbPath);
    const people = await Promise.all(['Ada', 'Bob', 'Cy', 'Dee'].map((name) => signUp(booking.url, name)));
    sessions = {};
    for (const [person, task] of people.map((p, i) => [p, ['Write the report', 'Taxes', 'Refactor the parser', 'Emails'][i]!] as const)) {
      sessions[person.name] = (await book(booking.url, person, START, task, 25)).id;
    }
    [ada, cy] = [people[0]!, people[2]!];
    await booking.close();
    server = await startCallServer({ ...JITSI, COWORK_NOW: '2030-01-07T14:05:00Z' }, dbPath);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('at start + 5 min the page moves to a new room with the new partner, both pages naming each other', async () => {
    const cyPage = await openCallPage(browser, (await join(server.url, cy, sessions.Cy!)).url);
    await waitFor("Cy's page in the room with Dee", async () => (await rooms(cyPage)).length === 1);
    await cyPage.fire('videoConferenceJoined', { roomName: 'x', id: 'c', displayName: 'Cy', avatarURL: '' });
    assert.match(await bodyText(cyPage), /Focus session with Dee/);

    const adaPage = await openCallPage(browser, (await join(server.url, ada, sessions.Ada!)).url);
    await waitFor("Ada's page in a second room", async () => (await rooms(adaPage)).length === 2);
    await waitFor("Cy's page in a second room", async () => (await rooms(cyPage)).length === 2, 15_000);
    const [adaRooms, cyRooms] = [await rooms(adaPage), await rooms(cyPage)];
    assert.notEqual(adaRooms[1], adaRooms[0], 'Ada left the room she had with Bob');
    assert.equal(adaRooms[1], cyRooms[1], 'Ada and Cy are in one new room');

    const [adaText, cyText] = [await bodyText(adaPage), await bodyText(cyPage)];
    assert.match(adaText, /Focus session with Cy/);
    assert.match(adaText, /Refactor the parser/);
    assert.match(adaText, /Bob did not come, so you are now working with Cy\./);
    assert.match(cyText, /Focus session with Ada/);
    assert.match(cyText, /Write the report/);
    assert.match(cyText, /Dee did not come, so you are now working with Ada\./);
    assert.deepEqual([...adaPage.errors, ...cyPage.errors], []);
  });
});

/**
 * Eve and Fay both come. A page opened, or reloaded, after start + 5 min shows the partner booked
 * and says nothing of a rematch: only a change the page saw is news.
 */
describe('a call page opened or reloaded after start + 5 min with both present claims no rematch', { skip: browserSkip }, () => {
  let dir: string;
  let server: CallServer;
  let browser: Browser;
  let people: Person[];
  let sessions: string[];

  before(async () => {
    dir = mkdtempSync(joinPath(tmpdir(), 'cowork-reload-'));
    const dbPath = joinPath(dir, 'cowork.db');
    const booking = await startCallServer({ ...JITSI, COWORK_NOW: '2030-01-07T13:00:00Z' }, dbPath);
    people = await Promise.all(['Eve', 'Fay'].map((name) => signUp(booking.url, name)));
    sessions = [];
    for (const person of people) sessions.push((await book(booking.url, person, START, `${person.name}'s task`, 25)).id);
    await booking.close();
    server = await startCallServer({ ...JITSI, COWORK_NOW: '2030-01-07T14:06:00Z' }, dbPath);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('both pages open in their room naming the partner booked; after a reload neither says anyone did not come', async () => {
    const pages: CallPage[] = [];
    for (const [i, person] of people.entries()) {
      const page = await openCallPage(browser, (await join(server.url, person, sessions[i]!)).url);
      await waitFor(`${person.name}'s page in the room`, async () => (await rooms(page)).length === 1);
      await page.fire('videoConferenceJoined', { roomName: 'x', id: person.name, displayName: person.name, avatarURL: '' });
      pages.push(page);
    }
    const [evePage, fayPage] = pages as [CallPage, CallPage];
    await evePage.page.reload();
    await waitFor("Eve's reloaded page in the room", async () => (await rooms(evePage)).length === 1);
    const [eveText, fayText] = [await bodyText(evePage), await bodyText(fayPage)];
    assert.match(eveText, /Focus session with Fay/);
    assert.match(fayText, /Focus session with Eve/);
    for (const text of [eveText, fayText]) assert.doesNotMatch(text, /did not come|now working with/);
    assert.equal((await rooms(evePage))[0], (await rooms(fayPage))[0]);
    assert.deepEqual([...evePage.errors, ...fayPage.errors], []);
  });
});
