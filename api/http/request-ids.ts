import { randomUUID } from 'node:crypto';
import { requestId } from 'hono/request-id';

/** The longest X-Request-Id taken from a client; a longer one, or one with other characters than [A-Za-z0-9_=-], is replaced. */
export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * X-Request-Id (SPEC §13): the client's own when sane, so a client can find its request in our
 * log, else a new UUID; set as `requestId` and sent back on the answer.
 */
export const requestIds = requestId({ limitLength: MAX_REQUEST_ID_LENGTH, generator: () => randomUUID() });

/** A problem document's text with the request's id added as `requestId` (the document itself is serialized once and shared). */
export const withRequestId = (body: string, id: string | undefined) =>
  id === undefined ? body : `${body.slice(0, -1)},"requestId":${JSON.stringify(id)}}`;
