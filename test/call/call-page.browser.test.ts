import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { listAttendance } from '../../api/storage/calls.js';
import { book, callApi, cancel, credentialOf, join, signUp } from './helpers/api-client.js';
import { browserSkip, launchChromium, openCallPage, waitFor, type CallPage } from './helpers/browser.js';
import { startCallServer, type CallServer } from './helpers/call-server.js';
import { verifyHs256 } from './helpers/jwt.js';

/** What the phone-size check reads in the page: its `page.evaluate` callback runs in the browser, not in Node. */
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

const DOMAIN = 'meet.example.org';
const APP_ID = 'cowork-test';
const APP_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const START = '2030-01-07T14:00:00.000Z';

const callStarted = (page: CallPage, count = 1) => waitFor(`Jitsi constructor call #${count}`, async () => (await page.calls()).length >= count);
const bodyText = (page: CallPage) => page.page.locator('body').innerText();

describe('the call page against a self-hosted Jitsi with HS256 tokens', { skip: browserSkip }, () => {
  let server: CallServer;
  let browser: Browser;

  before(async () => {
    server = await startCallServer({
      COWORK_NOW: '2030-01-07T13:55:00Z',
      COWORK_JITSI_DOMAIN: DOMAIN,
      COWORK_JITSI_APP_ID: APP_ID,
      COWORK_JITSI_APP_SECRET: APP_SECRET,
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('a matched pair', () => {
    let ada: Awaited<ReturnType<typeof signUp>>;
    let bruno: Awaited<ReturnType<typeof signUp>>;
    let adaSession: string;
    let adaPage: CallPage;
    let brunoPage: CallPage;

    before(async () => {
      ada = await signUp(server.url, 'Ada');
      bruno = await signUp(server.url, 'Bruno');
      adaSession = (await book(server.url, ada, START, 'Write the quarterly report')).id;
      const brunoSession = await book(server.url, bruno, START, 'Refactor the parser');
      assert.equal(brunoSession.status, 'matched');
      const adaLink = await join(server.url, ada, adaSession);
      assert.equal(adaLink.expiresAt, '2030-01-07T15:05:00.000Z');
      assert.ok(adaLink.url.startsWith(`${server.url}/call/${adaSession}#`), adaLink.url);
      adaPage = await openCallPage(browser, adaLink.url);
      brunoPage = await openCallPage(browser, (await join(server.url, bruno, brunoSession.id)).url, { width: 390, height: 780 });
      await Promise.all([callStarted(adaPage), callStarted(brunoPage)]);
    });

    test('both members get the same room on the configured domain', async () => {
      const [adaCall] = await adaPage.calls();
      const [brunoCall] = await brunoPage.calls();
      assert.equal(adaCall!.domain, DOMAIN);
      assert.equal(brunoCall!.domain, DOMAIN);
      assert.match(adaCall!.options.roomName, /^cowork[0-9a-f]{32}$/);
      assert.equal(brunoCall!.options.roomName, adaCall!.options.roomName);
      assert.equal(adaCall!.parentId, 'jitsi');
      assert.deepEqual(adaPage.scriptRequests, [`https://${DOMAIN}/external_api.js`]);
    });

    test('each gets their own token whose HS256 signature and claims verify', async () => {
      const [adaCall] = await adaPage.calls();
      const [brunoCall] = await brunoPage.calls();
      const room = adaCall!.options.roomName;
      for (const [call, person] of [[adaCall!, ada], [brunoCall!, bruno]] as const) {
        const { header, payload } = verifyHs256(call.options.jwt, APP_SECRET);
        assert.equal(header.alg, 'HS256');
        assert.deepEqual(
          { iss: payload.iss, aud: payload.aud, sub: payload.sub, room: payload.room, user: payload.context.user },
          { iss: APP_ID, aud: APP_ID, sub: DOMAIN, room, user: { id: person.id, name: person.name } },
        );
        assert.equal(payload.exp, Date.parse('2030-01-07T14:50:00Z') / 1000);
      }
      assert.notEqual(adaCall!.options.jwt, brunoCall!.options.jwt);
    });

    test('Jitsi is set up for a two-person focus session', async () => {
      const [adaCall] = await adaPage.calls();
      const { userInfo, configOverwrite } = adaCall!.options;
      assert.deepEqual(userInfo, { displayName: 'Ada' });
      assert.equal(configOverwrite.prejoinConfig.enabled, false);
      assert.equal(configOverwrite.disableDeepLinking, true);
      assert.equal(configOverwrite.subject, 'cowork: Ada & Bruno');
      assert.ok(!configOverwrite.toolbarButtons.includes('invite'));
    });

    test('the page shows the partner, both tasks and the time to start, and drops the credential from the URL', async () => {
      const text = await bodyText(adaPage);
      assert.match(text, /Focus session with Bruno/);
      assert.match(text, /Write the quarterly report/);
      assert.match(text, /Refactor the parser/);
      assert.match(text, /2:00 PM–2:50 PM · starts in [0-5] min \d\d s/);
      assert.ok(!adaPage.page.url().includes('#'), adaPage.page.url());
      assert.deepEqual([...adaPage.errors, ...brunoPage.errors], []);
    });

    test('the page fits a phone-sized window', async () => {
      const overflow = await brunoPage.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
      assert.ok(await brunoPage.page.locator('#leave').isVisible());
    });

    test('joining and leaving the conference are recorded, and Leave hangs up', async () => {
      await adaPage.fire('videoConferenceJoined', { roomName: 'x', id: 'a', displayName: 'Ada', avatarURL: '' });
      await waitFor('joined to be recorded', async () => (await listAttendance(server.db, adaSession)).length === 1);
      await adaPage.page.locator('#leave').click();
      assert.equal(await adaPage.disposed(), 1);
      assert.match(await bodyText(adaPage), /You left the call/);
      await waitFor('left to be recorded', async () => (await listAttendance(server.db, adaSession)).length === 2);
      const events = await listAttendance(server.db, adaSession);
      assert.deepEqual(events.map((e) => [e.userId, e.event]), [[ada.id, 'joined'], [ada.id, 'left']]);
      assert.ok(events.every((e) => e.at.getTime() >= Date.parse('2030-01-07T13:55:00Z')), 'times come from the server clock');
    });

    test('Rejoin opens the same room again', async () => {
      await adaPage.page.locator('#rejoin').click();
      await callStarted(adaPage, 2);
      const calls = await adaPage.calls();
      assert.equal(calls[1]!.options.roomName, calls[0]!.options.roomName);
    });
  });

  test('the waiting state starts the call once the pair forms, and goes back to waiting if the partner cancels', async () => {
    const cleo = await signUp(server.url, 'Cleo');
    const dana = await signUp(server.url, 'Dana');
    const cleoSession = await book(server.url, cleo, START, 'Read two papers', 25);
    assert.equal(cleoSession.status, 'waiting');
    const page = await openCallPage(browser, (await join(server.url, cleo, cleoSession.id)).url);
    await waitFor('the waiting notice', async () => /Waiting for a partner/.test(await bodyText(page)));
    assert.equal((await page.calls()).length, 0);

    const danaSession = await book(server.url, dana, START, 'Practise scales', 25);
    await callStarted(page);
    assert.match(await bodyText(page), /Focus session with Dana/);
    assert.match(await bodyText(page), /Practise scales/);

    await cancel(server.url, dana, danaSession.id);
    await waitFor('the partner-cancelled notice', async () => /Dana cancelled\. Looking for someone new/.test(await bodyText(page)));
    assert.equal(await page.disposed(), 1);
    assert.deepEqual(page.errors, []);
  });

  test('a tampered credential, another session\'s id or a third person reveals no room', async () => {
    const [eve, finn, gus] = await Promise.all(['Eve', 'Finn', 'Gus'].map((name) => signUp(server.url, name)));
    const eveSession = (await book(server.url, eve!, START, 'Taxes', 75)).id;
    const finnSession = (await book(server.url, finn!, START, 'Thesis', 75)).id;
    const gusSession = (await book(server.url, gus!, START, 'Emails', 75)).id;
    const eveCredential = credentialOf((await join(server.url, eve!, eveSession)).url);
    const gusCredential = credentialOf((await join(server.url, gus!, gusSession)).url);
    const { jitsi } = (await (await callApi(server.url, eveSession, eveCredential)).json()) as { jitsi: { roomName: string } };
    const room = jitsi.roomName;

    const flipped = eveCredential.slice(0, -2) + (eveCredential.endsWith('AA') ? 'BB' : 'AA');
    const refusals: [string, string, string][] = [
      ['tampered credential', eveSession, flipped],
      ["Eve's credential on Finn's session", finnSession, eveCredential],
      ["Gus's credential on Eve's session", eveSession, gusCredential],
      ["Eve's API token instead of a credential", eveSession, eve!.token],
    ];
    for (const [what, sessionId, credential] of refusals) {
      const response = await callApi(server.url, sessionId, credential);
      const body = await response.text();
      assert.equal(response.status, 401, what);
      assert.ok(!body.includes(room), `${what} revealed the room`);
    }
    const gusView = await (await callApi(server.url, gusSession, gusCredential)).text();
    assert.ok(!gusView.includes(room), "Gus's own view reveals Eve and Finn's room");
    const gusJoinsEve = await fetch(`${server.url}/v1/sessions/${eveSession}/join`, { method: 'POST', headers: { authorization: `Bearer ${gus!.token}` } });
    assert.equal(gusJoinsEve.status, 404);

    const tamperedPage = await openCallPage(browser, `${server.url}/call/${eveSession}#${flipped}`);
    await waitFor('the invalid-link notice', async () => /call link is not valid/.test(await bodyText(tamperedPage)));
    assert.deepEqual(await tamperedPage.calls(), []);
    assert.deepEqual(tamperedPage.scriptRequests, []);
  });

  test('the page is sent with a strict Content-Security-Policy, no referrer and no inline script', async () => {
    const response = await fetch(`${server.url}/call/anything`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, new RegExp(`script-src 'self' https://${DOMAIN.replace(/\./g, '\\.')}(;|$)`));
    assert.match(csp, new RegExp(`frame-src https://${DOMAIN.replace(/\./g, '\\.')}(;|$)`));
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0 && scripts.every((tag) => /\ssrc="\/call\/assets\//.test(tag)), scripts.join());
    assert.doesNotMatch(html, /\sstyle=|<style/);
  });
});
