import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, launchChromium, openCallPage, waitFor, type CallPage } from '../call/helpers/browser.js';
import { copyTrackedFiles, run, serve, shellEnv, type Served } from './fresh-clone.js';

/**
 * The product as a stranger meets it (issue 20): a fresh copy of the repository, README's install
 * (`npm install`, which builds through `prepare`), `npx cowork serve`, two people who sign up, book
 * the same slot and ask `cowork next --no-open` for their link, all through that copy's CLI, and
 * both links open in Chromium (the Jitsi script stood in) in one room. Nothing here runs this
 * repository's sources or its build.
 *
 * Both clocks stand at 13:55 UTC, five minutes before the 14:00 slot, so its join window is open.
 */
const NOW = '2030-01-07T13:55:00Z';
const PASSWORD = 'correct horse battery staple\n';

describe('a fresh clone, installed and run as README says', { timeout: 240_000 }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'cowork-fresh-clone-'));
  const clone = join(workspace, 'cowork');
  let server: Served | undefined;
  let browser: Browser | undefined;
  const links = new Map<string, string>();

  /** `npx cowork <args>` in the clone, for one person: their own config and cache folders. */
  const cowork = (who: string, args: string[], input?: string) => {
    const folder = join(workspace, who);
    mkdirSync(folder, { recursive: true });
    const env = shellEnv({ COWORK_SERVER: server!.url, COWORK_NOW: NOW, TZ: 'UTC', XDG_CONFIG_HOME: join(folder, 'config'), XDG_CACHE_HOME: join(folder, 'cache') });
    return run(clone, 'npx', ['cowork', ...args], env, input);
  };
  const startServer = async () => {
    server = await serve(clone, ['--port', '0', '--db', join(workspace, 'cowork.db')], shellEnv({ COWORK_NOW: NOW, XDG_CACHE_HOME: join(workspace, 'server-cache') }));
  };
  const stopServer = async () => {
    await server?.stop();
    server = undefined;
  };

  before(async () => {
    mkdirSync(clone);
    assert.ok(copyTrackedFiles(clone) > 0, 'git lists the tracked files');
    // README's command. The settings skip npm's network checks (audit, funding, revalidating the
    // cache), not what it installs: package-lock.json pins every package and its checksum.
    const install = await run(clone, 'npm', ['install'], shellEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_prefer_offline: 'true' }));
    assert.equal(install.code, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`);
    await startServer();
  });
  after(async () => {
    await browser?.close();
    await stopServer();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('two people sign up, book the same slot and get their join links through the clone\'s CLI', async () => {
    for (const [who, task] of [['Ana', 'Write the report'], ['Ben', 'Refactor the parser']] as const) {
      const signup = await cowork(who, ['signup', '--name', who, '--email', `${who.toLowerCase()}@example.org`, '--password-stdin'], PASSWORD);
      assert.equal(signup.code, 0, signup.stderr);
      const booked = await cowork(who, ['book', '25m', '14:00', '--task', task]);
      assert.equal(booked.code, 0, booked.stderr);
      const next = await cowork(who, ['next', '--no-open']);
      assert.equal(next.code, 0, next.stderr);
      const link = next.stdout.trim();
      assert.match(link, new RegExp(`^${server!.url.replace(/[.]/g, '\\.')}/call/[0-9a-f]{24}#\\S+$`));
      links.set(who, link);
    }
    assert.notEqual(links.get('Ana'), links.get('Ben'));
  });

  test('both links open in Chromium, and both pages join one Jitsi room', { skip: browserSkip }, async () => {
    assert.equal(links.size, 2, 'the CLI gave both links');
    for (const link of links.values()) {
      const served = await fetch(link);
      assert.equal(served.status, 200, `the call page answered ${served.status}: ${await served.text()}`);
    }
    browser = await launchChromium();
    const pages: CallPage[] = [];
    for (const link of links.values()) pages.push(await openCallPage(browser, link));
    for (const page of pages) await waitFor('the page to start its Jitsi call', async () => (await page.calls()).length > 0);
    const [ana, ben] = await Promise.all(pages.map(async (page) => (await page.calls())[0]!));
    assert.equal(ana!.domain, 'meet.jit.si');
    assert.match(ana!.options.roomName, /^cowork[0-9a-f]{32}$/);
    assert.equal(ben!.options.roomName, ana!.options.roomName);
    assert.deepEqual(pages.map((page) => page.scriptRequests), [['https://meet.jit.si/external_api.js'], ['https://meet.jit.si/external_api.js']]);
    assert.match(await pages[0]!.page.locator('body').innerText(), /Focus session with Ben/);
    assert.match(await pages[1]!.page.locator('body').innerText(), /Focus session with Ana/);
    assert.deepEqual(pages.flatMap((page) => page.errors), []);
  });

  test('without the compiled page the server answers 503 naming `npm run build`, and running it serves the page', async () => {
    const path = new URL(links.get('Ana') ?? `${server!.url}/call/0123456789abcdef01234567`).pathname;
    await stopServer();
    rmSync(join(clone, 'dist', 'call-page'), { recursive: true, force: true });
    await startServer();
    const missing = await fetch(new URL(path, server!.url));
    assert.equal(missing.status, 503);
    assert.match(((await missing.json()) as { detail: string }).detail, /run "npm run build"/);

    await stopServer();
    const build = await run(clone, 'npm', ['run', 'build'], shellEnv());
    assert.equal(build.code, 0, build.stderr);
    await startServer();
    const page = await fetch(new URL(path, server!.url));
    assert.equal(page.status, 200, await page.clone().text());
    assert.match(page.headers.get('content-type') ?? '', /^text\/html\b/);
  });
});
