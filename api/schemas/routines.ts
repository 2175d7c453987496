import { z } from '@hono/zod-openapi';
import { WEEKDAYS } from '../domain/recurrence.js';
import { onceParsed, optionalText, rfc3339, textOrNull, timeZoneName } from '../http/validation.js';
import { durationSchema } from './sessions.js';
import { isoTime } from './common.js';

/** Routines (SPEC §9): what a client sends and what the API answers, side by side. */
const ACTIVITIES = ['desk', 'moving', 'anything'] as const;
const SKIP_REASONS = ['overlap', 'dst-gap', 'limit', 'suspended', 'busy'] as const;

const days = z
  .array(z.enum(WEEKDAYS, { error: 'each day must be one of mon, tue, wed, thu, fri, sat, sun' }))
  .min(1, 'must name at least one day')
  .transform((list) => WEEKDAYS.filter((day) => list.includes(day)));

const quarterHour = z.string().regex(/^([01]\d|2[0-3]):(00|15|30|45)$/, 'must be a quarter hour HH:MM on a 24-hour clock, such as 09:00 or 13:45');

export const routineBody = z.strictObject({
  days,
  time: quarterHour,
  duration: z.union([z.literal(25), z.literal(50), z.literal(75)], { error: 'must be 25, 50 or 75 (minutes)' }),
  timezone: timeZoneName.optional().openapi({ description: "Default: the person's time zone" }),
  task: optionalText(280, 'task'),
  activity: z.enum(ACTIVITIES, { error: 'must be desk, moving or anything' }).optional().openapi({ description: "Default: the person's setting when each session is booked" }),
  quiet: z.boolean('must be true or false').optional(),
  horizonDays: z.int('must be a whole number').min(1, 'must be at least 1').max(91, 'must be at most 91').default(14),
});

export const routineChange = z.strictObject({
  paused: z.boolean('must be true or false').optional(),
  task: textOrNull(280, 'task').optional(),
});

/** A holiday's range [from, to), at most 366 days: the skip's body, and the query that lifts it. */
export const skipBody = z
  .strictObject({
    from: rfc3339.openapi({ description: 'The first instant of the range (RFC 3339)' }),
    to: rfc3339.openapi({ description: 'The end of the range, excluded' }),
  })
  .refine((range) => range.to > range.from, { message: 'must be after from', path: ['to'], ...onceParsed })
  .refine((range) => range.to.getTime() - range.from.getTime() <= 366 * 24 * 3_600_000, { message: 'must be at most 366 days after from', path: ['to'], ...onceParsed });

export const unskipQuery = skipBody;

export const deleteQuery = z.strictObject({
  cancel: z.enum(['all'], { error: 'must be all (or left out)' }).optional()
    .openapi({ description: 'all: cancel the matched sessions ahead too (by default only the waiting ones are cancelled)' }),
});

export const RoutineSchema = z
  .strictObject({
    id: z.string(),
    days: z.array(z.enum(WEEKDAYS)),
    time: z.string().openapi({ example: '09:00' }),
    duration: durationSchema,
    timezone: z.string(),
    task: z.string().nullable(),
    activity: z.enum(ACTIVITIES).nullable().openapi({ description: "Null: the person's setting at booking time" }),
    quiet: z.boolean().nullable(),
    horizonDays: z.int(),
    paused: z.boolean(),
    createdAt: isoTime,
    skipped: z.array(z.strictObject({
      start: isoTime,
      reason: z.enum(SKIP_REASONS),
      conflictingSession: z.strictObject({ id: z.string(), start: isoTime, end: isoTime }).optional(),
    })).openapi({ description: 'Occurrences ahead that were not booked, and why; limit ones are retried when the booking limit has room' }),
  })
  .openapi('Routine');

export const RoutineListSchema = z.strictObject({ data: z.array(RoutineSchema) }).openapi('RoutineList');

export const SkipResultSchema = z
  .strictObject({ routine: RoutineSchema, cancelled: z.array(z.string()).openapi({ description: 'Ids of the sessions cancelled' }) })
  .openapi('RoutineSkip');

export const RoutineDeletionSchema = z
  .strictObject({
    id: z.string().openapi({ description: 'The deleted routine' }),
    cancelled: z.array(z.string()).openapi({ description: 'Ids of its sessions ahead this deletion cancelled, soonest first (empty when none)' }),
    kept: z.array(z.string()).openapi({ description: 'Ids of its matched sessions ahead left booked (empty with ?cancel=all)' }),
  })
  .openapi('RoutineDeletion');

export const UnskipResultSchema = z
  .strictObject({
    routine: RoutineSchema,
    lifted: z.array(isoTime).openapi({ description: 'Starts of the occurrences ahead whose skip was lifted, soonest first' }),
    booked: z.array(z.string()).openapi({ description: 'Ids of the sessions booked at once: the lifted starts within the horizon (a paused routine books them when resumed; those further ahead are booked as the horizon reaches them)' }),
  })
  .openapi('RoutineUnskip');
