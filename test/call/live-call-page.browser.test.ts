import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { book, cancel, join, signUp } from './helpers/api-client.js';
import { browserSkip, launchChromium, openCallPage, waitFor, type CallPage } from './helpers/browser.js';
import { startCallServer, type CallServer } from './helpers/call-server.js';

const START = '2030-01-07T14:00:00.000Z';
const JITSI = { COWORK_JITSI_DOMAIN: 'meet.example.org', COWORK_JITSI_APP_ID: 'cowork-test', COWORK_JITSI_APP_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };
const bodyText = (page: CallPage) => page.page.locator('body').innerText();
/** Well under the page's 30 s poll while its stream is open: only the stream can make it. */
const AT_ONCE_MS = 5_000;

/** How long `what` took to show, from now. */
async function shows(what: string, check: () => Promise<boolean>): Promise<number> {
  const began = performance.now();
  await waitFor(what, check, 10_000);
  return performance.now() - began;
}

/**
 * SPEC §12: the call page follows its session's live events (fetch with the credential in the
 * Authorization header, read as a stream), so a partner found, a cancel and a new partner show at
 * once, not at the next poll.
 */
describe('the call page follows its session live', { skip: browserSkip }, () => {
  let server: CallServer;
  let browser: Browser;
  before(async () => {
    server = await startCallServer({ ...JITSI, COWORK_NOW: '2030-01-07T13:55:00Z' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a partner found, the partner cancelling, a new partner and the person\'s own cancel each show at once', async () => {
    const [ada, bob, cy] = [await signUp(server.url, 'Ada'), await signUp(server.url, 'Bob'), await signUp(server.url, 'Cy')];
    const session = await book(server.url, ada, START, 'Write', 50);
    const page = await openCallPage(browser, (await join(server.url, ada, session.id)).url);
    await waitFor('the waiting notice and the open stream', async () =>
      /Waiting for a partner/.test(await bodyText(page)) && (await page.page.locator('body').getAttribute('data-live')) === 'true');

    const bobs = await book(server.url, bob, START, 'Read', 50);
    const found = await shows('the room with Bob', async () => (await page.calls()).length === 1);
    assert.match(await bodyText(page), /Focus session with Bob/);

    await cancel(server.url, bob, bobs.id);
    const lost = await shows('Bob cancelled', async () => /Bob cancelled\. Looking for someone new/.test(await bodyText(page)));

    await book(server.url, cy, START, 'Plan', 50);
    const again = await shows('the room with Cy', async () => (await page.calls()).length === 2);
    assert.match(await bodyText(page), /Focus session with Cy/);

    await cancel(server.url, ada, session.id);
    const own = await shows('her own cancel', async () => /You cancelled this session/.test(await bodyText(page)));

    const took = [found, lost, again, own].map(Math.round);
    assert.ok(took.every((ms) => ms < AT_ONCE_MS), `each change within ${AT_ONCE_MS} ms: ${took.join(', ')} ms`);
    assert.deepEqual(page.errors, []);
  });
});
