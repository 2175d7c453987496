import { z } from '@hono/zod-openapi';
import { ACTIVITIES, MATCH_WITH } from '../domain/compatibility.js';

/** A person's matching settings and a session's fixed choices (SPEC §7), shared by users and sessions. */
export const activitySchema = z.enum(ACTIVITIES, { error: 'must be desk, moving or anything' })
  .openapi({ description: 'desk pairs with desk, moving with moving, anything with either' });

export const matchWithSchema = z.enum(MATCH_WITH, { error: 'must be anyone or favorites' })
  .openapi({ description: 'favorites: be paired only with people you marked as favourites' });

export const quietSchema = z.boolean({ error: 'must be true or false' }).openapi({ description: 'quiet is paired only with quiet' });

/** The settings `user` carries everywhere it appears (SPEC §11). */
export const userSettingsFields = { matchWith: matchWithSchema, activity: activitySchema, quiet: quietSchema };
