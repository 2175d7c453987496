import type { RouterRoute } from 'hono/types';
import { TrieRouter } from 'hono/router/trie-router';
import { Problem } from './problems.js';

/**
 * The methods a path answers, for the 405 of a known path asked with another method (RFC 9110
 * §15.5.6: `Allow` lists them). Built from the app's routes when the first request finds no
 * route, leaving out the middleware that runs for every method; a path no route declares
 * answers no method, and stays a 404.
 */
export class AllowedMethods {
  readonly #router = new TrieRouter<string>();
  readonly #methods: string[];

  constructor(routes: RouterRoute[]) {
    const declared = routes.filter((route) => route.method !== 'ALL');
    for (const route of declared) this.#router.add(route.method, route.path, route.method);
    this.#methods = [...new Set(declared.map((route) => route.method))];
  }

  of(path: string): string[] {
    const allowed = new Set(this.#methods.filter((method) => this.#router.match(method, path)[0].length > 0));
    // Hono answers HEAD with the GET route, without its body.
    if (allowed.has('GET')) allowed.add('HEAD');
    return [...allowed].sort();
  }
}

export const methodNotAllowed = (method: string, path: string, allowed: string[]) =>
  new Problem(405, 'method-not-allowed', 'Method not allowed',
    `${path} answers ${allowed.join(', ')}, not ${method}: a path's methods are listed in the Allow header and in /openapi.json.`,
    { allowed }, { Allow: allowed.join(', ') });
