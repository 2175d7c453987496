import { z } from '@hono/zod-openapi';

/** The answers of the routes about the service itself rather than a resource. */
export const HealthSchema = z.strictObject({ status: z.literal('ok') }).openapi('Health');

/** Only the top of the document is promised here; its paths describe themselves. */
export const OpenApiDocumentSchema = z
  .object({ openapi: z.string().regex(/^3\.1\./), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .openapi('OpenApiDocument');
