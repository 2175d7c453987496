import { z } from '@hono/zod-openapi';
import { onceParsed, rfc3339 } from '../http/validation.js';
import { isoTime } from './common.js';
import { durationSchema, PersonSchema } from './sessions.js';
import { activitySchema, languagesInput, languagesQuery, matchWithSchema, quietSchema as quiet } from './settings.js';

// What the matching routes (SPEC §7) take and answer: favourites, blocks, partners, open slots.

/** A person's id as the API gives it out (an unknown one is a 404, not a 400). */
const userId = z.string({ error: 'must be a user id' }).regex(/^[\x21-\x7e]{1,64}$/, 'must be a user id as the API gives it');

export const userIdParam = z.object({ userId: userId.openapi({ param: { name: 'userId', in: 'path' } }) });

/** The fields a booking may add to `{start, duration, task}`; left out, they come from the person's settings. */
export const bookingPreferences = {
  activity: activitySchema.optional(),
  quiet: quiet.optional(),
  languages: languagesInput.optional().openapi({ description: 'ISO 639-1 codes this session may be held in (at most 5); left out: your settings; [] names none' }),
  partnerId: userId.optional().openapi({ description: 'Book with this past partner only (404 if you were never paired)' }),
  ignoreBusy: z.boolean({ error: 'must be true or false' }).optional().openapi({ description: 'Book even over a busy interval of your busy calendar (otherwise 409 busy)' }),
};

/** The settings `PATCH /v1/me` may change besides name and time zone (see api/routes/me.ts). */
export const settingsFields = {
  matchWith: matchWithSchema.optional(), activity: activitySchema.optional(), quiet: quiet.optional(),
  languages: languagesInput.optional().openapi({ description: 'The languages your bookings name by default (at most 5 ISO 639-1 codes); [] names none' }),
};

export const MAX_SLOT_SPAN_DAYS = 7;
export const slotsQuery = z
  .strictObject({
    from: rfc3339.optional().openapi({ description: 'Default now; starts already past are left out' }),
    to: rfc3339.optional().openapi({ description: 'Default a day after from; at most 7 days after it' }),
    duration: z.enum(['25', '50', '75'], { error: 'must be 25, 50 or 75 (minutes)' }).transform(Number).optional(),
    activity: activitySchema.optional().openapi({ description: 'As a booking would set it; default your settings' }),
    quiet: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true').optional()
      .openapi({ description: 'As a booking would set it; default your settings' }),
    languages: languagesQuery.optional().openapi({ description: 'As a booking would set them (comma-separated ISO 639-1 codes, empty for none); default your settings' }),
    instead: z.string({ error: 'must be a session id' }).regex(/^[\x21-\x7e]{1,64}$/, 'must be a session id').optional()
      .openapi({ description: 'A session of yours you would move: starts overlapping it are kept (every other overlap with your live sessions is left out)' }),
  })
  .refine((q) => !q.from || !q.to || q.to > q.from, { path: ['to'], message: 'must be after from', ...onceParsed })
  .refine((q) => !q.from || !q.to || q.to.getTime() - q.from.getTime() <= MAX_SLOT_SPAN_DAYS * 86_400_000, {
    path: ['to'], message: `must be at most ${MAX_SLOT_SPAN_DAYS} days after from`, ...onceParsed,
  });

export const partnersQuery = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
});

export const PersonListSchema = z.strictObject({ data: z.array(PersonSchema) }).openapi('PersonList');

export const PartnerSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    favorite: z.boolean(),
    blocked: z.boolean(),
    lastSession: z.strictObject({ id: z.string(), start: isoTime, duration: durationSchema })
      .openapi({ description: 'Your own session of the last slot you shared (the pair may have been dissolved since)' }),
  })
  .openapi('Partner');

export const PartnerListSchema = z.strictObject({ data: z.array(PartnerSchema) }).openapi('PartnerList');

export const OpenSlotSchema = z
  .strictObject({
    start: isoTime,
    duration: durationSchema,
    waiting: z.int().openapi({ description: 'How many people you would be paired with wait there' }),
    favorites: z.array(PersonSchema).openapi({ description: 'Only your favourites are ever named' }),
  })
  .openapi('OpenSlot');

export const SlotListSchema = z.strictObject({ data: z.array(OpenSlotSchema) }).openapi('SlotList');
