import { createHash, hash } from 'node:crypto';
import type { Context } from 'hono';
import { knownLength } from './compression.js';

/** Whether If-None-Match names `tag`, weakly: a compressed answer's tag comes back as W/"…". */
function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}

// The one-shot hash costs less than a Hash object (createHash) on a short answer; Node 20 has it from 20.12.
const sha1 = typeof hash === 'function'
  ? (text: string) => hash('sha1', text, 'base64url')
  : (text: string) => createHash('sha1').update(text).digest('base64url');

type JsonArguments = [object: unknown, status?: number, headers?: Record<string, string>];

/** JSON text as the answer, with its length, and for a JSON read its ETag or a 304 (see below). */
export function jsonTextAnswer(c: Context, text: string, status: number, headers: Record<string, string>, etagged: boolean): Response {
  const bytes = Buffer.byteLength(text);
  const sent: Record<string, string> = { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(bytes) };
  if (etagged && status === 200) {
    sent.ETag = `"${sha1(text)}"`;
    // The headers of the 200 it stands for stay (Cache-Control, X-Request-Id: set on the context).
    if (matches(c.req.header('if-none-match'), sent.ETag)) return c.body(null, 304, { ETag: sent.ETag });
  }
  return knownLength(c.body(text, status as 200, sent), bytes);
}

/**
 * Makes this request's `c.json` send the answer's length, so compression knows it without
 * reading the answer (api/http/compression.ts), and, for a JSON read (`etagged`: a GET whose 200
 * answers JSON, see answer-headers.ts), the SHA-1 of its text as ETag, or a 304 with no body when
 * If-None-Match names it (SPEC §13).
 *
 * Done where the text is made, not by middleware reading the finished answer (as hono/etag
 * does): reading an answer makes @hono/node-server build a full Response and stream it, and with
 * hono/etag `GET /v1/me` answered a third as many requests a second here.
 */
export function sendJsonWithLength(c: Context, etagged: boolean): void {
  const json = (...[object, status = 200, headers = {}]: JsonArguments) => jsonTextAnswer(c, JSON.stringify(object), status, headers, etagged);
  c.json = json as unknown as Context['json'];
}
