import { z } from '@hono/zod-openapi';
import { ACTIVITIES, MATCH_WITH } from '../domain/compatibility.js';
import { isLanguageCode, MAX_LANGUAGES, normalizeLanguages } from '../domain/languages.js';

/** A person's matching settings and a session's fixed choices (SPEC §7), shared by users and sessions. */
export const activitySchema = z.enum(ACTIVITIES, { error: 'must be desk, moving or anything' })
  .openapi({ description: 'desk pairs with desk, moving with moving, anything with either' });

export const matchWithSchema = z.enum(MATCH_WITH, { error: 'must be anyone or favorites' })
  .openapi({ description: 'favorites: be paired only with people you marked as favourites' });

export const quietSchema = z.boolean({ error: 'must be true or false' }).openapi({ description: 'quiet is paired only with quiet' });

const languageCode = z.string({ error: 'must be an ISO 639-1 code such as en or de' })
  .refine((code) => isLanguageCode(code.toLowerCase()), { error: (issue) => `${JSON.stringify(issue.input)} is not an ISO 639-1 code (two letters, such as en or de)` });

const languagesRule = 'names none (any language) or shares one with its partner';

/** Languages as a client sends them: checked, then lower-cased, each once, sorted. */
export const languagesInput = z.array(languageCode, { error: 'must be a list of ISO 639-1 codes such as ["en", "de"]' })
  .max(MAX_LANGUAGES, `must name at most ${MAX_LANGUAGES} languages`)
  .transform(normalizeLanguages)
  .openapi({ description: `ISO 639-1 codes, at most ${MAX_LANGUAGES}; a session ${languagesRule}. [] names none`, example: ['en', 'de'] });

/** The same codes comma-separated, for a query (`?languages=en,de`); empty names none. */
export const languagesQuery = z.string()
  .transform((text) => (text.trim() === '' ? [] : text.split(',').map((code) => code.trim())))
  .pipe(languagesInput)
  .openapi({ description: `Comma-separated ISO 639-1 codes, at most ${MAX_LANGUAGES}; empty names none` });

export const languagesAnswer = z.array(z.string()).openapi({ description: `ISO 639-1 codes, sorted; a session ${languagesRule}. Empty: none` });

/** The settings `user` carries everywhere it appears (SPEC §11). */
export const userSettingsFields = { matchWith: matchWithSchema, activity: activitySchema, quiet: quietSchema, languages: languagesAnswer };
