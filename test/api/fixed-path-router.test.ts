import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Result } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';
import { createApp } from '../../api/app.js';
import type { AppDeps } from '../../api/config/app-env.js';
import { FixedPathRouter } from '../../api/http/fixed-path-router.js';

// Routing needs neither the database nor the clock.
const app = createApp({ clock: { now: () => new Date() } } as AppDeps);

/** What a router found, as comparable values: each handler (by identity) with its parameters. */
function found<T>(result: Result<T>): [T, Record<string, string>][] {
  const [matches, stash] = result as [[T, Record<string, string | number>][], string[] | undefined];
  return matches.map(([handler, params]) => [
    handler,
    Object.fromEntries(Object.entries(params).map(([name, value]) => [name, stash ? stash[value as number]! : String(value)])),
  ]);
}

function bothRouters() {
  const fixed = new FixedPathRouter<unknown>();
  const trie = new TrieRouter<unknown>();
  for (const route of app.routes) {
    fixed.add(route.method, route.path, route.handler);
    trie.add(route.method, route.path, route.handler);
  }
  return { fixed, trie };
}

const concrete = (path: string) => path.replace(/:\w+/g, '0123456789abcdef');

describe('FixedPathRouter', () => {
  test('the API matches every request with FixedPathRouter, since RegExpRouter refuses its routes', () => {
    assert.equal(app.router.name, 'FixedPathRouter');
    const regExp = new RegExpRouter<unknown>();
    assert.throws(() => {
      for (const route of app.routes) regExp.add(route.method, route.path, route.handler);
      regExp.match('GET', '/v1/sessions/next');
    }, /UnsupportedPathError|\/v1\/sessions|\/call/);
  });

  test('every route, asked twice, matches the handlers and parameters TrieRouter finds', () => {
    const { fixed, trie } = bothRouters();
    const requests = [...app.routes.map((route) => [route.method === 'ALL' ? 'GET' : route.method, concrete(route.path)] as const),
      ['HEAD', '/v1/sessions/next'], ['GET', '/v1/nope'], ['POST', '/v1/sessions/'], ['GET', '/V1/SESSIONS/NEXT'], ['PUT', '/v1/sessions']] as const;
    for (const [method, path] of requests) {
      const expected = found(trie.match(method, path));
      assert.deepEqual(found(fixed.match(method, path)), expected, `${method} ${path}, first time`);
      assert.deepEqual(found(fixed.match(method, path)), expected, `${method} ${path}, from the store`);
    }
    assert.ok(found(fixed.match('GET', '/v1/sessions/next')).length >= 3, 'the app middleware, the `next` route and the {id} route behind it');
  });

  test('a route added after a match is found by the next match', () => {
    const router = new FixedPathRouter<string>();
    router.add('GET', '/a', 'first');
    assert.deepEqual(found(router.match('GET', '/a')).map(([handler]) => handler), ['first']);
    router.add('GET', '/a', 'second');
    router.add('ALL', '*', 'everywhere');
    assert.deepEqual(found(router.match('GET', '/a')).map(([handler]) => handler), ['first', 'second', 'everywhere']);
  });
});
