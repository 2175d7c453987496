import { etag } from 'hono/etag';

/**
 * ETag and 304 for the JSON reads (SPEC §13), mounted on each GET route whose 200 answers JSON
 * (`isJsonRead` in answer-headers.ts, which documents it): a client polling with If-None-Match
 * is answered 304 with no body while the answer is unchanged. Only on those routes, so a
 * stream (text/event-stream) is never read to its end to be hashed.
 */
export const jsonEtag = etag({ retainedHeaders: ['cache-control', 'date', 'etag', 'vary', 'x-request-id'] });
