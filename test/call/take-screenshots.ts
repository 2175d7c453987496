/**
 * Renders the call page in its waiting and in-call states (with the stand-in Jitsi) into docs/,
 * for the README: `npm run build && node --import tsx test/call/take-screenshots.ts`.
 */
import { join } from 'node:path';
import { book, join as joinCall, signUp } from './helpers/api-client.js';
import { launchChromium, openCallPage, type CallPage } from './helpers/browser.js';
import { startCallServer } from './helpers/call-server.js';

const START = '2030-01-07T14:00:00.000Z';
const docs = join(import.meta.dirname, '..', '..', 'docs');

async function settle(page: CallPage, text: RegExp): Promise<void> {
  await page.page.getByText(text).first().waitFor();
  await page.page.waitForTimeout(300);
}

const server = await startCallServer({
  COWORK_NOW: '2030-01-07T13:56:18Z',
  COWORK_JITSI_DOMAIN: 'meet.example.org',
  COWORK_JITSI_APP_ID: 'cowork',
  COWORK_JITSI_APP_SECRET: 'screenshot-secret-long-enough-for-hs256',
});
const browser = await launchChromium();
try {
  const maya = await signUp(server.url, 'Maya');
  const theo = await signUp(server.url, 'Theo');
  const mayaSession = await book(server.url, maya, START, 'Draft the onboarding guide, section 3');
  const waiting = await openCallPage(browser, (await joinCall(server.url, maya, mayaSession.id)).url);
  await settle(waiting, /Waiting for a partner/);
  await waiting.page.screenshot({ path: join(docs, 'call-page-waiting.png') });

  await book(server.url, theo, START, 'Fix the flaky login test');
  await settle(waiting, /Focus session with Theo/);
  await waiting.page.screenshot({ path: join(docs, 'call-page-in-call.png') });

  const phone = await openCallPage(browser, (await joinCall(server.url, maya, mayaSession.id)).url, { width: 390, height: 780 });
  await settle(phone, /Focus session with Theo/);
  await phone.page.screenshot({ path: join(docs, 'call-page-phone.png') });
} finally {
  await browser.close();
  await server.close();
}
