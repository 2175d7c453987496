import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { JITSI_STAND_IN, type RecordedJitsiCall } from './jitsi-stand-in.js';

/** The page's window as the Jitsi stand-in leaves it: `page.evaluate` callbacks run there, not in Node. */
declare const window: {
  __jitsi?: { calls: RecordedJitsiCall[]; disposed: number };
  __fireJitsi(name: string, payload: unknown): void;
};

/** Debian's chromium, never a downloaded browser (STACK.md). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or false when they can. In CI a missing chromium is
 * not a reason: the tests run and fail, because they are required there.
 */
export const browserSkip: string | false =
  existsSync(CHROMIUM) || process.env.CI ? false : `browser tests skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium)`;

if (browserSkip) console.warn(`# ${browserSkip}`);

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`CI needs chromium at ${CHROMIUM} for the browser tests; install it with apt-get install -y chromium`);
  // launch() gives every run a fresh temporary --user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface CallPage {
  page: Page;
  /** Every URL the page asked for external_api.js at. */
  scriptRequests: string[];
  /** Uncaught errors in the page. */
  errors: string[];
  calls(): Promise<RecordedJitsiCall[]>;
  disposed(): Promise<number>;
  fire(event: string, data?: unknown): Promise<void>;
}

/** A fresh browser context (its own storage, like another person's browser) with Jitsi stood in. */
export async function openCallPage(browser: Browser, url: string, viewport = { width: 1100, height: 720 }, locale = 'en-US'): Promise<CallPage> {
  const context = await browser.newContext({ viewport, locale });
  const scriptRequests: string[] = [];
  await context.route('**/external_api.js', (route) => {
    scriptRequests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: JITSI_STAND_IN });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  const jitsiRecord = () => page.evaluate(() => window.__jitsi ?? { calls: [], disposed: 0 });
  return {
    page,
    scriptRequests,
    errors,
    calls: async () => (await jitsiRecord()).calls,
    disposed: async () => (await jitsiRecord()).disposed,
    fire: (event, data) => page.evaluate(([name, payload]) => window.__fireJitsi(name, payload), [event, data] as const),
  };
}

/** Polls what the page shows until `check` holds; the page changes on its own timers, not the test's. */
export const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
