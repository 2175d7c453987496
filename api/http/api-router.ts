import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Env, Handler } from 'hono';
import { z } from '@hono/zod-openapi';
import type { AppEnv, RequestCheck } from '../config/app-env.js';
import { isJsonRead } from './answer-headers.js';
import { sendJsonWithLength } from './json-answers.js';
import { invalidInputOf, readJsonBody, unsupportedMediaType } from './validation.js';

/**
 * The credential and other checks `defineRoute` gives a route (api/http/openapi.ts), run before any
 * input is read; `ApiRouter` refuses a route declared another way.
 */
const checksOfRoute = new WeakMap<RouteConfig, RequestCheck[]>();

export function setRouteChecks(route: RouteConfig, checks: RequestCheck[]): void {
  checksOfRoute.set(route, checks);
}

// The media types a JSON body's fields are checked under, as @hono/zod-openapi's gate (which this
// replaces) accepted them: the type, then parameters only (not `application/json-seq`).
const JSON_BODY_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

type Where = 'query' | 'path' | 'header' | 'body';

function parse(schema: z.ZodType, value: unknown, where: Where): object | Promise<object> {
  let result;
  try {
    result = schema.safeParse(value);
  } catch (error) {
    // A schema that refines asynchronously cannot be parsed synchronously; none does today.
    if (error instanceof z.core.$ZodAsyncError) return schema.safeParseAsync(value).then((late) => checked(late, where));
    throw error;
  }
  return checked(result, where);
}

function checked(result: z.ZodSafeParseResult<unknown>, where: Where): object {
  if (!result.success) throw invalidInputOf(result.error, where);
  return result.data as object;
}

/** Repeated query keys become arrays, as Hono's validator reads a query. */
const queryOf = (c: Context) =>
  Object.fromEntries(Object.entries(c.req.queries()).map(([key, values]) => (values.length === 1 ? [key, values[0]] : [key, values])));

/** Only the headers the schema names, under the names it gives them: the others would be dropped by the parse anyway. */
function headersOf(c: Context, names: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = c.req.header(name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/**
 * Everything a route does before its handler, in one function rather than a Hono middleware per
 * step (each one more async frame, closure and promise on every request), and in the order the
 * steps had as middleware: the checks (credential first: 401), the JSON body read (415, or 400
 * when it is not JSON), then the query, path, declared headers and body against their schemas
 * (400 naming every bad field, SPEC §3). Its JSON answer carries its length, and a JSON read's
 * its ETag (json-answers.ts).
 */
function handleRoute<E extends Env>(route: RouteConfig, handler: Handler<E>): Handler<E> {
  const checks = checksOfRoute.get(route);
  if (!checks) throw new Error(`${route.method} ${route.path}: declare routes with defineRoute (api/http/openapi.ts)`);
  const { query, params, headers, body, cookies } = (route.request ?? {}) as Record<string, z.ZodObject | undefined> & { body?: { content: Record<string, { schema: z.ZodType }> } };
  const bodyTypes = Object.keys(body?.content ?? {});
  if (cookies || bodyTypes.some((type) => type !== 'application/json')) throw new Error(`${route.method} ${route.path}: only JSON bodies, queries, paths and headers are read`);
  const bodySchema = body?.content['application/json']?.schema;
  const headerNames = headers ? Object.keys(headers.shape) : [];
  const etagged = isJsonRead(route);
  return async (c, next) => {
    for (const check of checks) await check(c as unknown as Context<AppEnv>);
    const json = bodySchema ? await readJsonBody(c) : undefined;
    if (query) c.req.addValidatedData('query', await parse(query, queryOf(c), 'query'));
    if (params) c.req.addValidatedData('param', await parse(params, c.req.param(), 'path'));
    if (headers) c.req.addValidatedData('header', await parse(headers, headersOf(c, headerNames), 'header'));
    if (bodySchema) {
      if (!JSON_BODY_TYPE.test(c.req.header('content-type') ?? '')) throw unsupportedMediaType();
      c.req.addValidatedData('json', await parse(bodySchema, json, 'body'));
    }
    sendJsonWithLength(c, etagged);
    return handler(c, next);
  };
}

/** An OpenAPIHono whose `openapi(route, handler)` documents the route and mounts one function for it (see handleRoute). */
export class ApiRouter<E extends Env> extends OpenAPIHono<E> {
  override openapi = ((route: RouteConfig & { hide?: boolean }, handler: Handler<E>, hook?: unknown) => {
    if (hook !== undefined) throw new Error(`${route.method} ${route.path}: invalid input is answered by defineRoute's rules, not a hook`);
    const { hide, ...declared } = route;
    if (!hide) this.openAPIRegistry.registerPath(declared);
    this.on([route.method], [route.path.replaceAll(/\/{(.+?)}/g, '/:$1')], handleRoute(route, handler));
    return this;
  }) as unknown as OpenAPIHono<E>['openapi'];
}
