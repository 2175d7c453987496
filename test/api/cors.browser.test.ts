import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, launchChromium } from '../call/helpers/browser.js';
import { callApi } from '../helpers/call-api.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * CORS as a browser enforces it (SPEC §13): a page on an origin of COWORK_CORS_ORIGINS calls the
 * API with its bearer token and reads the answer and its exposed headers; a page on another
 * origin is refused by the browser itself.
 */
/** A site serving one empty page, so a page has an origin of its own. */
async function startSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_, answer) => answer.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>client</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('a browser page calling the API', { skip: browserSkip }, () => {
  let api: ServerProcess;
  let allowed: Awaited<ReturnType<typeof startSite>>;
  let other: Awaited<ReturnType<typeof startSite>>;
  let browser: Browser;
  let token: string;

  before(async () => {
    [allowed, other] = await Promise.all([startSite(), startSite()]);
    api = await startServerProcess({ env: { COWORK_CORS_ORIGINS: allowed.origin, COWORK_NOW: '2030-01-07T10:00:00Z' } });
    browser = await launchChromium();
    ({ token } = await callApi(api.url, 'POST', '/v1/users', undefined, { name: 'Ada', email: 'ada@example.org', password: 'long enough' }));
  });
  after(async () => {
    await browser?.close();
    await api?.stop();
    allowed?.server.close();
    other?.server.close();
  });

  /** Runs fetch in a page of `origin`: a POST with a JSON body and a bearer token, so the browser sends a preflight first. */
  async function callFrom(origin: string) {
    const page = await browser.newPage();
    try {
      await page.goto(origin);
      return await page.evaluate(async ({ url, bearer }) => {
        try {
          const answer = await fetch(`${url}/v1/sessions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': 'browser-1' },
            body: JSON.stringify({ start: '2030-01-08T09:00:00Z', duration: 50 }),
          });
          return { status: answer.status, location: answer.headers.get('location'), requestId: answer.headers.get('x-request-id'), body: (await answer.json()) as { id: string } };
        } catch (error) {
          return { refused: String(error) };
        }
      }, { url: api.url, bearer: token });
    } finally {
      await page.close();
    }
  }

  test('on an allowed origin books, and reads the answer and its Location and X-Request-Id', async () => {
    const result = await callFrom(allowed.origin);
    assert.equal(result.status, 201, JSON.stringify(result));
    assert.equal(result.location, `/v1/sessions/${result.body.id}`);
    assert.match(result.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  test('on another origin is refused by the browser, and books nothing', async () => {
    const result = await callFrom(other.origin);
    assert.match(result.refused ?? '', /TypeError: Failed to fetch/);
    const sessions = await callApi(api.url, 'GET', '/v1/sessions', token);
    assert.equal(sessions.data.length, 1);
  });
});
