import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { buildFeed } from '../calendar/feed.js';
import { callSettingsOf } from '../call/call-settings.js';
import type { AppDeps } from '../config/app-env.js';
import { bearer, defineRoute, json, problem, router } from '../http/openapi.js';
import { notFound } from '../http/problems.js';
import { CalendarSchema, feedParam } from '../schemas/calendar.js';
import { calendarToken, feedFor, revokeCalendarToken } from '../storage/calendar.js';

/** Calendar apps poll; a few minutes of staleness is what every one of them expects anyway. */
const FEED_CACHE = 'private, max-age=300';
const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

async function feedUrl(deps: AppDeps, userId: string, rotate: boolean): Promise<{ url: string }> {
  // The feed key is the call secret's (COWORK_CALL_SECRET or the database's), under its own label.
  const key = createHash('sha256').update(`cowork calendar feed\0${(await callSettingsOf(deps)).secret}`).digest('hex');
  const token = await calendarToken(deps.db, key, userId, deps.clock.now(), rotate);
  return { url: `${deps.publicUrl ?? ''}/calendar/${token}.ics` };
}

const show = defineRoute({
  method: 'get', path: '/', operationId: 'getCalendarFeed', summary: 'Your calendar feed URL (made on first use)', security: bearer,
  description: 'The secret URL of your iCalendar feed, made on first use; calendar apps subscribe to it without a token.',
  responses: { 200: json(CalendarSchema, 'OK') },
});

const rotate = defineRoute({
  method: 'post', path: '/', operationId: 'rotateCalendarFeed', summary: 'Replace your calendar feed URL (the old one stops working)', security: bearer,
  description: 'Makes a new feed URL; the old one answers 404 from now on.',
  responses: { 200: json(CalendarSchema, 'The new URL') },
});

const revoke = defineRoute({
  method: 'delete', path: '/', operationId: 'revokeCalendarFeed', summary: 'Revoke your calendar feed URL', security: bearer,
  description: 'The feed URL stops working; GET /v1/me/calendar makes a new one.',
  responses: { 204: { description: 'Revoked (or there was none)' } },
});

export const calendarRoutes = router()
  .openapi(show, async (c) => c.json(await feedUrl(c.get('deps'), c.get('user').id, false), 200))
  .openapi(rotate, async (c) => c.json(await feedUrl(c.get('deps'), c.get('user').id, true), 200))
  .openapi(revoke, async (c) => {
    await revokeCalendarToken(c.get('deps').db, c.get('user').id);
    return c.body(null, 204);
  });

const feedHeaders = {
  ETag: { schema: { type: 'string' as const }, required: true, description: 'Send back as If-None-Match' },
  'Cache-Control': { schema: { type: 'string' as const }, required: true },
};

const feed = defineRoute({
  method: 'get', path: '/{feed}', operationId: 'readCalendarFeed', summary: 'A person\'s sessions as an iCalendar feed (the URL from GET /v1/me/calendar)',
  description: 'The URL is the secret (no bearer token); answers an ETag and 304 to If-None-Match, so calendar apps poll cheaply.',
  request: { params: feedParam },
  responses: {
    200: { description: 'RFC 5545', headers: feedHeaders, content: { 'text/calendar': { schema: z.string() } } },
    304: { description: 'Unchanged since the ETag sent in If-None-Match', headers: feedHeaders },
    ...problem(404, 'No such feed (revoked or replaced)'),
  },
});

export const calendarFeedRoutes = router().openapi(feed, async (c) => {
  const token = FEED_FILE.exec(c.req.valid('param').feed)?.[1];
  const found = token && (await feedFor(c.get('deps').db, token, c.get('deps').clock.now()));
  if (!found) throw notFound('This calendar feed');
  const body = buildFeed(found.name, found.sessions);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', FEED_CACHE);
  const wanted = c.req.header('if-none-match');
  if (wanted && wanted.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304);
  return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8' });
});
