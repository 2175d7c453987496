import { z } from '@hono/zod-openapi';
import { DURATIONS } from '../domain/session-rules.js';
import { isoTime, orNull } from './common.js';
import { activitySchema, languagesAnswer } from './settings.js';

/** What the API answers about sessions (SPEC §3); the request shapes are in api/routes/session-inputs.ts. */
export const PersonSchema = z.strictObject({ id: z.string(), name: z.string() }).openapi('Person');

export const durationSchema = z.int().openapi({ enum: [...DURATIONS], description: 'Minutes' });

export const SessionSchema = z
  .strictObject({
    id: z.string(),
    start: isoTime,
    end: isoTime,
    duration: durationSchema,
    status: z.enum(['waiting', 'matched', 'cancelled']),
    partner: orNull(PersonSchema),
    task: z.string().nullable(),
    partnerTask: z.string().nullable(),
    activity: activitySchema.openapi({ description: 'Fixed at booking: the booking\'s own, else the person\'s default' }),
    quiet: z.boolean().openapi({ description: 'Fixed at booking; quiet is paired only with quiet' }),
    languages: languagesAnswer.openapi({ description: 'Fixed at booking: the booking\'s own, else the person\'s default; paired only with a session naming none or sharing one' }),
    requestedPartner: orNull(PersonSchema).openapi({ description: 'The past partner this booking asked for (partnerId); it is paired only with them' }),
    routineId: z.string().nullable().openapi({ description: 'The routine that booked it, or null' }),
    createdAt: isoTime,
    attendance: z.enum(['on-time', 'late', 'no-show', 'partner-no-show']).nullable().openapi({
      description: 'Null until start + 5 minutes and for a session not matched at its start; judged on the pair it was in at its start (joined before start + 5 min: on-time; later: late; never: no-show; the partner never joined: partner-no-show)',
    }),
  })
  .openapi('Session');

export const SessionPageSchema = z
  .strictObject({
    data: z.array(SessionSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as ?cursor= for the next page; null on the last' }),
  })
  .openapi('SessionPage');

export const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
