import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

/** Answers shorter than this go as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD = 1024;

const compressLarge = compress({ threshold: COMPRESSION_THRESHOLD });

/**
 * Marks an answer whose text was made here and is shorter than the threshold (json-answers.ts,
 * app.ts's problem answers): compression leaves it without asking its headers, each question to
 * undici's Headers costing more than the rest of the decision. A property of the answer rather
 * than a WeakSet entry, which cost a microsecond an answer.
 */
const SHORT = Symbol('short answer');

/** Marks `answer`, whose body is `bytes` long, as one compression need not look at when short. */
export function knownLength(answer: Response, bytes: number): Response {
  if (bytes < COMPRESSION_THRESHOLD) (answer as Response & { [SHORT]?: true })[SHORT] = true;
  return answer;
}

/**
 * gzip or deflate, when the client accepts one, for answers of 1 KiB or more (SPEC §13). Only an
 * answer whose length is known: JSON answers and problem documents send it (json-answers.ts,
 * app.ts), and an answer without one is a stream, text/event-stream above all, whose events must
 * reach the client as they are sent. Hono's compress() alone would compress every answer of
 * unknown length, and measuring one means reading it, which costs more than the request.
 * Called once the answer is made (app.ts's outer layer; `compression` is its middleware form).
 */
export async function compressAnswer(c: Context): Promise<void> {
  if (c.req.header('accept-encoding') === undefined || (c.res as Response & { [SHORT]?: true })[SHORT] || !c.res.headers.has('content-length')) return;
  // compress() looks at the answer once its `next` is done: here it already is.
  await compressLarge(c, async () => {});
}

export const compression: MiddlewareHandler = async (c, next) => {
  await next();
  await compressAnswer(c);
};
