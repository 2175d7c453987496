import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { withAnswerHeaders } from './answer-headers.js';
import { ApiRouter, setRouteChecks } from './api-router.js';
import type { AppEnv, RequestCheck } from '../config/app-env.js';
import { requireUser } from '../accounts/auth.js';
import { requireCallCredential } from '../call/call-auth.js';
import { FixedPathRouter } from './fixed-path-router.js';
import { ProblemSchema } from '../schemas/problem.js';

/**
 * How a route is added — every route of the API is declared this way, and `/openapi.json` is
 * generated from these declarations, so the document cannot leave a route out:
 *
 * 1. Schemas in `api/schemas/<resource>.ts`, requests and answers side by side: request bodies as
 *    `z.strictObject` (unknown fields are refused), answers as `z.strictObject(...).openapi('Name')`
 *    so the document names each once and an extra field is a contract failure. A named schema
 *    that may be null is `orNull(Schema)`, not `Schema.nullable()` (see api/schemas/common.ts).
 *    (Part one's request schemas still sit in api/routes/session-inputs.ts, users.ts and tokens.ts.)
 * 2. In `api/routes/<resource>.ts`, declare the route, then handle it:
 *      const favorite = defineRoute({
 *        method: 'post', path: '/{id}', operationId: 'addFavorite', summary: 'Mark a past partner as a favourite', security: bearer,
 *        request: { params: idParam, body: jsonBody(favoriteBody) },
 *        responses: { 201: json(FavoriteSchema, 'Added'), ...problem(404, 'No such past partner') },
 *      });
 *      export const favoriteRoutes = router().openapi(favorite, async (c) => {
 *        const input = c.req.valid('json'); // validated already: bad input is answered with a 400
 *        return c.json(await addFavorite(c.get('deps').db, c.get('user').id, c.req.param('id'), input), 201);
 *      });
 *    Read request variables with `c.get('deps')`, `c.get('user')`: Hono's `c.var` copies every
 *    variable into a new object on each read.
 *    `operationId` is required and stable: a camelCase verb and noun that client generators turn
 *    into method names, so never rename one. The tag comes from the path (api/http/openapi-tags.ts).
 *    `security` both documents and enforces the credential; a route without it is public and says
 *    `security: []`. A route that counts requests against a limit other than with a 429 says
 *    `rateLimited: true`, so its RateLimit fields are documented. List only the answers particular to
 *    the route; `defineRoute` adds the shared ones (see `sharedAnswers`). Refusals are thrown
 *    Problems, declared with `problem(status, why)`. `c.json` needs the status, and TypeScript
 *    checks the body against the declared schema; answers are not validated at run time.
 * 3. Mount it in `api/app.ts`: `app.route('/v1/favorites', favoriteRoutes)`.
 * 4. Test it through `test/api/harness.ts`, which checks every answer against `/openapi.json`
 *    (status declared for the route, content type, body matching the schema, declared headers).
 */

/** A sub-app whose invalid input is answered with SPEC §3's 400 problem listing every bad field (see ApiRouter). */
export function router<E extends Env = AppEnv>(): ApiRouter<E> {
  return new ApiRouter<E>();
}

/** The app the sub-apps are mounted on: the one whose router matches every request (see FixedPathRouter). */
export function rootRouter(): ApiRouter<AppEnv> {
  return new ApiRouter<AppEnv>({ router: new FixedPathRouter() });
}

export const bearer = [{ bearer: [] }];
export const callCredential = [{ callCredential: [] }];
const AUTHENTICATORS: Record<string, RequestCheck> = {
  bearer: requireUser,
  // The call routes' variables add the caller to AppEnv's.
  callCredential: requireCallCredential as unknown as RequestCheck,
};

export const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /v1/users or POST /v1/tokens' },
  callCredential: {
    type: 'http', scheme: 'bearer',
    description: 'The credential after the # of a link from POST /v1/sessions/{id}/join; good for that session and person until the session ends',
  },
} as const;

/** A JSON answer. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A required JSON request body; `defineRoute` answers 415 to other content types and 400 to text that is not JSON. */
export const jsonBody = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
const retryAfter = {
  headers: { 'Retry-After': { schema: { type: 'integer' as const, minimum: 1 }, required: true, description: 'Seconds to wait before trying again' } },
};

/** A refusal particular to a route, as an RFC 9457 problem document; `retryAfter` when it always sends that header. */
export function problem<S extends number>(status: S, description: string, options: { retryAfter?: boolean } = {}) {
  const answer = { description, content: problemContent, ...(options.retryAfter ? retryAfter : {}) };
  return { [status]: answer } as Record<S, typeof answer>;
}

/** `Location`, on a 201 whose new resource can be read at a URL (a replayed answer sends the same). */
export const location = (where: string) => ({
  Location: { schema: { type: 'string' as const, format: 'uri-reference' }, required: true, description: `The new resource: ${where}` },
});

/**
 * The answers that come from shared machinery rather than the handler: validation and the JSON
 * gate (400, 415), the credential check (401), the body limit on anything but GET (413), the
 * unexpected (500) and a busy database, which any route may meet (503).
 */
function sharedAnswers(config: RouteConfig) {
  // Path parameters are strings that match their route, so they alone do not make a 400.
  const validates = Boolean(config.request?.body ?? config.request?.query ?? config.request?.headers);
  return {
    ...(validates ? problem(400, 'Invalid input: `errors` lists each bad field') : {}),
    ...(config.security?.length ? problem(401, 'Credential missing, unknown, revoked or expired') : {}),
    ...(config.method !== 'get' ? problem(413, 'Body over 16 KiB') : {}),
    ...(config.request?.body ? problem(415, 'Body is not JSON') : {}),
    ...problem(500, 'Unexpected server error (logged)'),
    ...problem(503, 'Database busy with other writers; retry after Retry-After seconds', { retryAfter: true }),
  };
}

/**
 * `createRoute` plus the shared answers; the credential check its `security` names and its own
 * `checks` (such as requireAdmin) run in that order before its input is read (see ApiRouter).
 */
export function defineRoute<const R extends Omit<RouteConfig, 'middleware'> & { operationId: string; checks?: readonly RequestCheck[]; rateLimited?: true }>(
  config: R,
): Omit<R, 'checks' | 'rateLimited'> & { getRoutingPath(): string } {
  const { checks = [], rateLimited, ...given } = config;
  const declared = { ...given, security: given.security ?? [] };
  const authenticate = declared.security.flatMap((requirement) => Object.keys(requirement)).map((name) => {
    const check = AUTHENTICATORS[name];
    if (!check) throw new Error(`defineRoute ${declared.method} ${declared.path}: no credential check for security scheme "${name}"`);
    return check;
  });
  const responses = withAnswerHeaders({ method: declared.method, responses: { ...sharedAnswers(declared), ...declared.responses } }, rateLimited === true);
  const route = createRoute({ ...declared, responses } as RouteConfig);
  setRouteChecks(route, [...authenticate, ...checks]);
  return route as unknown as Omit<R, 'checks' | 'rateLimited'> & { getRoutingPath(): string };
}

