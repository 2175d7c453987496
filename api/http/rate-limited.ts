import { Problem } from './problems.js';

/** A 429 that says when to come back, both as Retry-After (seconds) and as `retryAt`. */
export function rateLimited(slug: string, title: string, detail: string, retryAt: Date, now: Date): Problem {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return new Problem(429, slug, title, detail, { retryAt: retryAt.toISOString() }, { 'Retry-After': String(seconds) });
}
