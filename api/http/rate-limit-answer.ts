import type { Context } from 'hono';
import type { AppEnv } from '../config/app-env.js';
import { rateLimitFields, type RateLimitUse } from './rate-limited.js';

/**
 * Sends the RateLimit fields of `use` on this request's answer, whether the handler answers or a
 * refusal is thrown later (app.ts's problem answers add the `rateLimit` variable).
 */
export function reportRateLimit(c: Context<AppEnv>, use: RateLimitUse, now: Date): void {
  const fields = rateLimitFields(use, now);
  c.set('rateLimit', fields);
  for (const [name, value] of Object.entries(fields)) c.header(name, value);
}
