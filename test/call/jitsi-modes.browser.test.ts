import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { book, join as joinCall, signUp } from './helpers/api-client.js';
import { browserSkip, launchChromium, openCallPage, waitFor, type CallPage } from './helpers/browser.js';
import { startCallServer } from './helpers/call-server.js';
import { verifyRs256 } from './helpers/jwt.js';

const START = '2030-01-07T14:00:00.000Z';

const callStarted = (page: CallPage) => waitFor('the Jitsi constructor call', async () => (await page.calls()).length > 0);

describe('the call page in the other Jitsi modes', { skip: browserSkip }, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'cowork-modes-'));
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('JaaS: the tenant script on 8x8.vc, the room under the tenant, and an RS256 token per person', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyPath = join(dir, 'jaas.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const appId = 'vpaas-magic-cookie-0123abcd';
    const server = await startCallServer({
      COWORK_NOW: '2030-01-07T13:55:00Z', COWORK_JAAS_APP_ID: appId, COWORK_JAAS_KEY_ID: 'key7', COWORK_JAAS_PRIVATE_KEY: keyPath,
    });
    try {
      const [ann, ben] = [await signUp(server.url, 'Ann'), await signUp(server.url, 'Ben')];
      const annSession = await book(server.url, ann, START, 'Slides');
      const benSession = await book(server.url, ben, START, 'Budget');
      const pages = [await openCallPage(browser, (await joinCall(server.url, ann, annSession.id)).url), await openCallPage(browser, (await joinCall(server.url, ben, benSession.id)).url)];
      await Promise.all(pages.map(callStarted));
      const calls = await Promise.all(pages.map(async (page) => (await page.calls())[0]!));
      for (const [index, person] of [ann, ben].entries()) {
        const { domain, options } = calls[index]!;
        assert.equal(domain, '8x8.vc');
        assert.match(options.roomName, new RegExp(`^${appId}/cowork[0-9a-f]{32}$`));
        assert.deepEqual(pages[index]!.scriptRequests, [`https://8x8.vc/${appId}/external_api.js`]);
        const { header, payload } = verifyRs256(options.jwt, publicKey);
        assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: `${appId}/key7` });
        assert.deepEqual(
          { aud: payload.aud, iss: payload.iss, sub: payload.sub, room: `${appId}/${payload.room}`, user: payload.context.user },
          { aud: 'jitsi', iss: 'chat', sub: appId, room: options.roomName, user: { id: person.id, name: person.name, moderator: true } },
        );
        assert.equal(payload.exp, Date.parse('2030-01-07T14:50:00Z') / 1000);
      }
      assert.equal(calls[0]!.options.roomName, calls[1]!.options.roomName);
      const csp = (await fetch(`${server.url}/call/${annSession.id}`)).headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self' https:\/\/8x8\.vc;/);
    } finally {
      await server.close();
    }
  });

  test('public: meet.jit.si without a token, and the page says the session is over at the end', async () => {
    const dbPath = join(dir, 'public.db');
    const booking = await startCallServer({ COWORK_NOW: '2030-01-07T13:55:00Z' }, dbPath);
    const [cat, dan] = [await signUp(booking.url, 'Cat'), await signUp(booking.url, 'Dan')];
    const catSession = await book(booking.url, cat, START, 'Inbox zero', 25);
    await book(booking.url, dan, START, 'Sketches', 25);
    await booking.close();

    // The server's clock runs at real speed from here: 15 s leave room for a slow page load before
    // the end, which the test then waits for.
    const server = await startCallServer({ COWORK_NOW: '2030-01-07T14:24:45Z' }, dbPath);
    try {
      const page = await openCallPage(browser, (await joinCall(server.url, cat, catSession.id)).url);
      await callStarted(page);
      const [call] = await page.calls();
      assert.ok(call, 'the page started a Jitsi call');
      const { domain, options } = call;
      assert.equal(domain, 'meet.jit.si');
      assert.ok(!('jwt' in options), 'public mode sends no token');
      assert.match(await page.page.locator('#clock').innerText(), /2:00 PM–2:25 PM · \d{1,2} s left/);
      await waitFor('the session-over notice', async () => /This session is over/.test(await page.page.locator('body').innerText()), 30_000);
      assert.equal(await page.disposed(), 1);
      assert.deepEqual(page.errors, []);
    } finally {
      await server.close();
    }
  });
});
