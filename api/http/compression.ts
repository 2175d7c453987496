import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

/** Answers shorter than this go as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD = 1024;

const compressLarge = compress({ threshold: COMPRESSION_THRESHOLD });

/**
 * gzip or deflate, when the client accepts one, for answers over 1 KiB (SPEC §13). Hono's answers
 * carry no Content-Length until Node's server counts them, and compress() compresses every answer
 * of unknown length, so a compressible answer is counted first. COMPRESSIBLE_CONTENT_TYPE_REGEX
 * leaves out text/event-stream: a stream is neither counted (it never ends) nor compressed (each
 * event must reach the client when sent).
 */
export const compression: MiddlewareHandler = (c, next) => {
  if (!c.req.header('accept-encoding')) return next();
  return compressLarge(c, async () => {
    await next();
    const answer = c.res;
    if (!answer.body || answer.headers.has('content-length') || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(answer.headers.get('content-type') ?? '')) return;
    const bytes = await answer.arrayBuffer();
    c.res = new Response(bytes, answer);
    c.res.headers.set('Content-Length', String(bytes.byteLength));
  });
};
