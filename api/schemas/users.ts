import { z } from '@hono/zod-openapi';
import { userSettingsFields } from './settings.js';

/** What the API answers about people (SPEC §3); the request bodies are in api/routes/users.ts and tokens.ts. */
export const UserSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    email: z.email(),
    timezone: z.string().openapi({ example: 'Europe/Berlin' }),
    ...userSettingsFields,
  })
  .openapi('User');

export const UserWithTokenSchema = z
  .strictObject({ user: UserSchema, token: z.string().openapi({ description: 'Send as "Authorization: Bearer <token>"' }) })
  .openapi('UserWithToken');
