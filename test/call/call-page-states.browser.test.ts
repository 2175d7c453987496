import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { book, cancel, join, signUp } from './helpers/api-client.js';
import { browserSkip, launchChromium, openCallPage, waitFor, type CallPage } from './helpers/browser.js';
import { startCallServer, type CallServer } from './helpers/call-server.js';

/**
 * What the call page says in the states a person can meet besides a running call: in their own
 * time format, for a cancelled session, without a credential, and before ever joining.
 */
const START = '2030-01-07T14:00:00.000Z';
const bodyText = (page: CallPage) => page.page.locator('body').innerText();

describe('the call page\'s words and states', { skip: browserSkip }, () => {
  let server: CallServer;
  let browser: Browser;
  before(async () => {
    server = await startCallServer({ COWORK_NOW: '2030-01-07T13:55:00Z', COWORK_JITSI_DOMAIN: 'meet.example.org', TZ: 'UTC' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Each test books its own duration, so people from different tests are never paired.
  const waitingPage = async (name: string, duration: number, locale?: string) => {
    const who = await signUp(server.url, name);
    const session = await book(server.url, who, START, 'Read', duration);
    const link = await join(server.url, who, session.id);
    return { who, session, page: await openCallPage(browser, link.url, undefined, locale) };
  };

  test('times follow the person\'s locale: 14:00 in en-GB and de-DE, 2:00 PM in en-US, as the CLI says them', async () => {
    for (const [locale, span] of [['en-GB', '14:00–14:25'], ['de-DE', '14:00–14:25'], ['en-US', '2:00 PM–2:25 PM']] as const) {
      const { page } = await waitingPage(`Ada-${locale}`, 25, locale);
      await waitFor(`the ${locale} clock`, async () => (await page.page.locator('#clock').innerText()).includes(span), 20_000).catch(async (error: Error) => {
        // Say what the page showed: a TZ another file left in the environment once moved this clock by an hour.
        const shown: unknown = await page.page.evaluate('({ clock: document.querySelector("#clock").textContent, language: navigator.language, intl: Intl.DateTimeFormat().resolvedOptions().locale, body: document.body.innerText.slice(0, 300) })');
        throw new Error(`${error.message}; the page showed ${JSON.stringify(shown)}`);
      });
      assert.match(await page.page.locator('#clock').innerText(), new RegExp(`${span} · starts in [0-5] min \\d\\d s`));
    }
  });

  test('a cancelled session says so, with no partner to wait for and no countdown', async () => {
    const { who, session, page } = await waitingPage('Bea', 50);
    await waitFor('the waiting notice', async () => /Waiting for a partner/.test(await bodyText(page)));
    await cancel(server.url, who, session.id);
    await page.page.reload();
    await waitFor('the cancelled notice', async () => /You cancelled this session/.test(await bodyText(page)));
    const text = await bodyText(page);
    assert.match(text, /Focus session \(cancelled\)/);
    assert.match(text, /· cancelled/);
    assert.doesNotMatch(text, /starts in|Not paired yet/);
  });

  test('without a credential the page says what it needs, and no "Loading" stays above it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/call/0123456789abcdef`);
    await waitFor('the link-needed notice', async () => /needs the link from `cowork next`/.test(await page.locator('body').innerText()));
    const text = await page.locator('body').innerText();
    assert.match(text, /Call link needed/);
    assert.doesNotMatch(text, /Loading/);
    await context.close();
  });

  test('someone who closes the call before ever joining is offered "Join the call", not "Rejoin"', async () => {
    const cleo = await signUp(server.url, 'Cleo');
    const dan = await signUp(server.url, 'Dan');
    const session = await book(server.url, cleo, START, 'Draft', 75);
    await book(server.url, dan, START, 'Edit', 75);
    const page = await openCallPage(browser, (await join(server.url, cleo, session.id)).url);
    await waitFor('the Jitsi room', async () => (await page.calls()).length === 1);
    await page.fire('readyToClose');
    await waitFor('the notice', async () => await page.page.locator('#rejoin').isVisible());
    assert.equal(await page.page.locator('#rejoin').innerText(), 'Join the call');
    assert.match(await bodyText(page), /You closed the call before joining it/);
    await page.page.locator('#rejoin').click();
    await waitFor('the second Jitsi room', async () => (await page.calls()).length === 2);
    await page.fire('videoConferenceJoined', { roomName: 'x', id: 'c', displayName: 'Cleo', avatarURL: '' });
    await page.page.locator('#leave').click();
    await waitFor('the left notice', async () => /You left the call/.test(await bodyText(page)));
    assert.equal(await page.page.locator('#rejoin').innerText(), 'Rejoin the call');
  });
});
