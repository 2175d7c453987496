import { z } from '@hono/zod-openapi';

// Schemas of what the API takes and answers, one file per resource; api/http/openapi.ts says how a route uses them.

/** A time in an answer: RFC 3339 in UTC with Z, as `Date.prototype.toISOString` writes it. */
export const isoTime = z.iso.datetime().openapi({ example: '2030-01-07T14:00:00.000Z' });

/**
 * A named schema or null. `.nullable()` on a schema with `.openapi('Name')` renders as an
 * `allOf` of the named object and a nullable object, which no null satisfies.
 */
export const orNull = <S extends z.ZodType>(schema: S) => z.union([schema, z.null()]);
