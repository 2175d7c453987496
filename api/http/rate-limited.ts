import { Problem } from './problems.js';

/** How much of a rate limit's window is used, this request counted: the IETF RateLimit fields say it. */
export interface RateLimitUse {
  /** The policy's name, as the fields quote it (the limit's bucket: signup, login, webhook-ping…). */
  policy: string;
  limit: number;
  windowMs: number;
  hits: number;
  /** When the window ends and the whole quota is back. */
  resetsAt: Date;
}

const secondsUntil = (when: Date, now: Date) => Math.max(0, Math.ceil((when.getTime() - now.getTime()) / 1000));

/**
 * `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers, structured fields):
 * the quota q per window of w seconds, and what remains r with t seconds until the window resets.
 */
export function rateLimitFields(use: RateLimitUse, now: Date): Record<string, string> {
  const name = JSON.stringify(use.policy);
  return {
    'RateLimit-Policy': `${name};q=${use.limit};w=${Math.round(use.windowMs / 1000)}`,
    // Nothing used, nothing to wait for.
    RateLimit: `${name};r=${Math.max(0, use.limit - use.hits)};t=${use.hits === 0 ? 0 : secondsUntil(use.resetsAt, now)}`,
  };
}

/** A 429 that says when to come back, as Retry-After (seconds), as `retryAt`, and in the RateLimit fields. */
export function rateLimited(slug: string, title: string, detail: string, use: RateLimitUse, now: Date): Problem {
  const seconds = Math.max(1, secondsUntil(use.resetsAt, now));
  return new Problem(429, slug, title, detail, { retryAt: use.resetsAt.toISOString() }, { 'Retry-After': String(seconds), ...rateLimitFields({ ...use, hits: use.limit }, now) });
}
