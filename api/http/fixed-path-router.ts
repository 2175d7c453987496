import type { Result, Router } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * Hono's TrieRouter, with the match of each fixed path (a route path without a parameter, such as
 * `POST /v1/sessions` or `GET /v1/sessions/next`) worked out once instead of on every request.
 *
 * Hono's fast RegExpRouter cannot take this API: it refuses a fixed segment where another route has
 * a parameter (`/v1/sessions/next` beside `/v1/sessions/{id}`, `/call/assets/{file}` beside
 * `/call/{id}`), so Hono's default SmartRouter settles on TrieRouter, whose search costs 1–3 µs a
 * request here. A match depends on nothing but the method and the path, so keeping it is exact;
 * only paths some route declares are kept, so the store is bounded by the routes (and the methods
 * Node's parser accepts), whatever paths clients send.
 */
export class FixedPathRouter<T> implements Router<T> {
  readonly name = 'FixedPathRouter';
  readonly #trie = new TrieRouter<T>();
  readonly #fixedPaths = new Set<string>();
  readonly #matches = new Map<string, Result<T>>();

  add(method: string, path: string, handler: T): void {
    this.#trie.add(method, path, handler);
    if (!/[:*?{]/.test(path)) this.#fixedPaths.add(path);
    this.#matches.clear();
  }

  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`;
    let result = this.#matches.get(key);
    if (result === undefined) {
      result = this.#trie.match(method, path);
      if (this.#fixedPaths.has(path)) this.#matches.set(key, result);
    }
    return result;
  }
}
