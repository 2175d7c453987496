import { z } from '@hono/zod-openapi';

/** The answers of the routes about the service itself rather than a resource. */
export const HealthSchema = z.strictObject({ status: z.literal('ok') }).openapi('Health');

/** Only the top of the document is promised here; its paths describe themselves. */
export const OpenApiDocumentSchema = z
  .object({ openapi: z.string().regex(/^3\.1\./), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .openapi('OpenApiDocument');

/** What anyone may know of a server before signing up (GET /v1/server): how it takes new people. */
export const ServerSettingsSchema = z.strictObject({
  signup: z.enum(['open', 'invite']).openapi({ description: 'COWORK_SIGNUP: open, or invite (every sign-up needs an invite code)' }),
  mail: z.boolean().openapi({ description: 'Whether the server sends mail (COWORK_SMTP_URL): address verification, password reset, reminders and notices' }),
}).openapi('ServerSettings');
