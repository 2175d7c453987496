import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

/** Answers shorter than this go as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD = 1024;

const compressLarge = compress({ threshold: COMPRESSION_THRESHOLD });

/**
 * gzip or deflate, when the client accepts one, for answers of 1 KiB or more (SPEC §13). Only an
 * answer whose length is known: JSON answers and problem documents send it (json-answers.ts,
 * app.ts), and an answer without one is a stream, text/event-stream above all, whose events must
 * reach the client as they are sent. Hono's compress() alone would compress every answer of
 * unknown length, and measuring one means reading it, which costs more than the request.
 */
export const compression: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.req.header('accept-encoding') === undefined || !c.res.headers.has('content-length')) return;
  // compress() looks at the answer once its `next` is done: here it already is.
  await compressLarge(c, async () => {});
};
