import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** What a browser client may send, and may read of the answers (SPEC §13). */
const REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match', 'X-Request-Id'];
const EXPOSED_HEADERS = ['Location', 'Idempotent-Replayed', 'ETag', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Request-Id', 'Allow'];
const PREFLIGHT_CACHE_SECONDS = 600;

/**
 * CORS for the origins of COWORK_CORS_ORIGINS, or nothing when none is listed (the default): a
 * browser page on another origin then cannot read an answer. Credentials are bearer tokens in
 * Authorization, never cookies, so `Access-Control-Allow-Credentials` is not sent.
 */
export function corsFor(origins: readonly string[] | undefined): MiddlewareHandler | undefined {
  if (!origins?.length) return undefined;
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: REQUEST_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_CACHE_SECONDS,
  });
}
