import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/** The longest X-Request-Id taken from a client; a longer one, or one with other characters than [A-Za-z0-9_=-], is replaced. */
export const MAX_REQUEST_ID_LENGTH = 128;

const UNSAFE = /[^\w\-=]/;

/**
 * X-Request-Id (SPEC §13): the client's own when sane, so a client can find its request in our
 * log, else a new UUID; set as `requestId` and sent back on the answer. A function for app.ts's
 * one outer layer (each Hono middleware is another async frame on every request), with
 * `requestIds` its middleware form, as hono/request-id does it.
 */
export function assignRequestId(c: Context): void {
  let id = c.req.header('x-request-id');
  if (!id || id.length > MAX_REQUEST_ID_LENGTH || UNSAFE.test(id)) id = randomUUID();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
}

export const requestIds: MiddlewareHandler = async (c, next) => {
  assignRequestId(c);
  await next();
};

/** A problem document's text with the request's id added as `requestId` (the document itself is serialized once and shared). */
export const withRequestId = (body: string, id: string | undefined) =>
  id === undefined ? body : `${body.slice(0, -1)},"requestId":${JSON.stringify(id)}}`;
