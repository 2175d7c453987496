import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { book, join, signUp } from './helpers/api-client.js';
import { startCallServer, type CallServer } from './helpers/call-server.js';

/**
 * Issue 20: `npx cowork serve` answered 503 "Call page not built" while every test passed, because
 * the tests served the page from the TypeScript sources. Here the built `bin/cowork serve` serves a
 * join link's page, and everything that page loads: its stylesheets, its scripts and the modules
 * those import, as a browser would fetch them.
 */
const START = '2030-01-07T14:00:00.000Z';

/** The local files a document or module names: stylesheet links, script sources, static imports. */
function namedFiles(text: string, base: URL): URL[] {
  const references = [
    ...text.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g),
    ...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...text.matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm),
  ].map((match) => new URL(match[1]!, base));
  return references.filter((url) => url.origin === base.origin);
}

describe('the call page served by the built bin/cowork serve', () => {
  let server: CallServer;
  let pageUrl: URL;
  before(async () => {
    server = await startCallServer({ COWORK_NOW: '2030-01-07T13:55:00Z' });
    const ada = await signUp(server.url, 'Ada');
    const session = await book(server.url, ada, START, 'Write the report');
    pageUrl = new URL((await join(server.url, ada, session.id)).url);
  });
  after(() => server?.close());

  test('a join link\'s page answers 200 with HTML', async () => {
    const response = await fetch(new URL(pageUrl.pathname, server.url));
    const body = await response.text();
    assert.equal(response.status, 200, body);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html\b/);
    assert.match(body, /<html\b/);
  });

  test('every stylesheet and script the page names, and every module those import, answers 200 with its type', async () => {
    const page = new URL(pageUrl.pathname, server.url);
    const html = await (await fetch(page)).text();
    const named = namedFiles(html, page);
    assert.ok(named.some((url) => url.pathname.endsWith('.css')) && named.some((url) => url.pathname.endsWith('.js')), `the page names ${named.join(', ')}`);
    const fetched = new Map<string, number>();
    const queue = [...named];
    for (let url = queue.shift(); url; url = queue.shift()) {
      if (fetched.has(url.href)) continue;
      const response = await fetch(url);
      const body = await response.text();
      fetched.set(url.href, response.status);
      assert.equal(response.status, 200, `${url.pathname}: ${body.slice(0, 200)}`);
      const type = url.pathname.endsWith('.css') ? /^text\/css\b/ : /^text\/javascript\b/;
      assert.match(response.headers.get('content-type') ?? '', type, url.pathname);
      if (url.pathname.endsWith('.js')) queue.push(...namedFiles(body, url));
    }
    assert.ok(fetched.size > named.length, `the page's modules import others: ${[...fetched.keys()].join(', ')}`);
  });
});
