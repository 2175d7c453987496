import { mailRoutes } from './routes/mail.js';
import { mailUnsubscribeRoutes } from './routes/mail-unsubscribe.js';
import { passwordResetRoutes } from './routes/password-resets.js';
import type { IncomingMessage } from 'node:http';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { AllowedMethods, methodNotAllowed } from './http/allowed-methods.js';
import type { AppDeps, AppEnv } from './config/app-env.js';
import { callRoutes } from './call/routes.js';
import { calendarFeedRoutes, calendarRoutes } from './routes/calendar.js';
import { rootRouter } from './http/openapi.js';
import { Problem } from './http/problems.js';
import { adminRoutes } from './routes/admin.js';
import { blockRoutes } from './routes/blocks.js';
import { eventRoutes } from './routes/events.js';
import { favoriteRoutes } from './routes/favorites.js';
import { healthRoutes } from './routes/health.js';
import { meRoutes } from './routes/me.js';
import { openApiRoutes } from './routes/openapi.js';
import { partnerRoutes } from './routes/partners.js';
import { reportRoutes } from './routes/reports.js';
import { routineRoutes } from './routes/routines.js';
import { serverSettingsRoutes } from './routes/server-settings.js';
import { sessionRoutes } from './routes/sessions.js';
import { slotRoutes } from './routes/slots.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';
import { busyCalendarRoutes } from './routes/busy-calendar.js';
import { ThrottledLog } from './http/throttled-log.js';
import { unsupportedMediaType } from './http/validation.js';
import { compressAnswer, compression, knownLength } from './http/compression.js';
import { corsFor } from './http/cors.js';
import { assignRequestId, requestIds, withRequestId } from './http/request-ids.js';

export const MAX_BODY_BYTES = 16 * 1024;

const tooLarge = new Problem(413, 'body-too-large', 'Body too large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);

/**
 * A refusal as sent. Hono's onError and notFound answers keep no header set before them, so the
 * request's id and a rate-limited route's RateLimit fields are added here.
 */
function problemResponse(problem: Problem, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');
  const body = withRequestId(problem.body, requestId);
  const bytes = Buffer.byteLength(body);
  return knownLength(new Response(body, {
    status: problem.status,
    headers: {
      'content-type': 'application/problem+json', 'content-length': String(bytes),
      ...c.get('rateLimit'), ...problem.headers, ...(requestId ? { 'X-Request-Id': requestId } : {}),
    },
  }), bytes);
}

/** True when the client closed the connection before its body arrived (only under @hono/node-server). */
const uploadAborted = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.readableAborted === true;

// A stranger chooses the path: keep a line in the log a line.
const MAX_LOGGED_PATH = 200;

const abortedUpload = new Problem(400, 'upload-aborted', 'Upload aborted', 'The connection closed before the whole body arrived.');

/**
 * The whole HTTP surface; `deps` carries the database and clock so tests can build their own.
 * Every route is declared with `defineRoute` (see api/http/openapi.ts), so /openapi.json lists them all.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = rootRouter();
  const abortedUploads = new ThrottledLog(deps.clock);
  // Checking Content-Length first keeps GETs and ordinary bodies off the slow path of reading a
  // streamed body, which makes @hono/node-server build a full Request (~0.25 ms per request).
  const limitStreamedBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problemResponse(tooLarge, c) });
  const guard = (c: Context<AppEnv>, next: Next): Promise<Response | void> => {
    c.set('deps', deps);
    if (!c.req.path.startsWith('/v1/') && c.req.path !== '/v1') return next();
    // Set before the handler runs: a header added to a finished response makes Hono copy the response.
    c.header('Cache-Control', 'no-store');
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return limitStreamedBody(c, next);
    return Number(length) > MAX_BODY_BYTES ? Promise.resolve(problemResponse(tooLarge, c)) : next();
  };
  // Outermost first: every answer, a preflight or a refusal included, carries the request's id;
  // CORS answers preflights before routing; compression sees each answer as the client will.
  // Without CORS (the default) all of it is one layer: each layer of Hono's dispatch is another
  // async frame and promise on every request, and three of them cost GET /v1/me a sixth of its rate.
  const allowOrigins = corsFor(deps.corsOrigins);
  if (allowOrigins) {
    app.use(requestIds, allowOrigins, compression, guard);
  } else {
    app.use(async (c, next) => {
      assignRequestId(c);
      const refused = await guard(c, next);
      if (refused instanceof Response && !c.finalized) c.res = refused;
      await compressAnswer(c);
    });
  }
  app.route('/', callRoutes);
  app.route('/v1/server', serverSettingsRoutes);
  app.route('/v1/users', userRoutes);
  app.route('/v1/tokens', tokenRoutes);
  app.route('/v1/password-resets', passwordResetRoutes);
  app.route('/v1/mail', mailUnsubscribeRoutes);
  app.route('/v1/me/calendar', calendarRoutes);
  app.route('/v1/me/busy-calendar', busyCalendarRoutes);
  app.route('/v1/me/mail', mailRoutes);
  app.route('/v1/me', meRoutes);
  app.route('/v1/sessions', sessionRoutes);
  app.route('/v1/favorites', favoriteRoutes);
  app.route('/v1/blocks', blockRoutes);
  app.route('/v1/partners', partnerRoutes);
  app.route('/v1/slots', slotRoutes);
  app.route('/v1/webhooks', webhookRoutes);
  app.route('/v1/events', eventRoutes);
  app.route('/calendar', calendarFeedRoutes);
  app.route('/v1/reports', reportRoutes);
  app.route('/v1/admin', adminRoutes);
  app.route('/v1/routines', routineRoutes);
  app.route('/healthz', healthRoutes);
  app.route('/openapi.json', openApiRoutes(app));

  let allowedMethods: AllowedMethods | undefined;
  app.notFound((c) => {
    allowedMethods ??= new AllowedMethods(app.routes);
    const allowed = allowedMethods.of(c.req.path);
    if (allowed.length > 0) return problemResponse(methodNotAllowed(c.req.method, c.req.path, allowed), c);
    return problemResponse(new Problem(404, 'not-found', 'Not found', `${c.req.method} ${c.req.path} is not part of this API; see /openapi.json.`), c);
  });
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (error instanceof Problem) return problemResponse(error, c);
    if (uploadAborted(c)) {
      // The client's doing, and nobody is left to read an answer: one line, not a stack, and not
      // one per abort, or a client aborting thousands of uploads would flood the log.
      abortedUploads.log(`cowork: client aborted the upload of ${c.req.method} ${c.req.path.slice(0, MAX_LOGGED_PATH)} (request ${requestId})`);
      return problemResponse(abortedUpload, c);
    }
    // The body's media type is checked before Hono's own gate, which agrees but for exotic types.
    if (error instanceof HTTPException && error.status === 415) return problemResponse(unsupportedMediaType(), c);
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(new Problem(error.status, 'bad-request', 'Bad request', error.message || 'The request could not be read.'), c);
    }
    console.error(`cowork: unexpected error in ${c.req.method} ${c.req.path.slice(0, MAX_LOGGED_PATH)} (request ${requestId})`, error);
    return problemResponse(new Problem(500, 'internal', 'Internal server error', 'Something went wrong on the server; it has been logged.'), c);
  });
  return app;
}
