import { z } from '@hono/zod-openapi';
import { freeText, optionalText } from '../http/validation.js';
import { isoTime } from './common.js';

/** Reports, suspensions and invites (SPEC §8): requests and answers side by side. */

const REASONS = ['no-show', 'inappropriate', 'other'] as const;

export const reportBody = z.strictObject({
  userId: z.string('must be a string').min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  sessionId: z.string('must be a string').min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  reason: z.enum(REASONS, { error: 'must be no-show, inappropriate or other' }),
  note: optionalText(1000, 'note'),
});

export const ReportReceiptSchema = z
  .strictObject({ id: z.string(), createdAt: isoTime, blocked: z.boolean().openapi({ description: 'The reported person is now blocked' }) })
  .openapi('ReportReceipt');

const PersonSchema = z.strictObject({ id: z.string(), name: z.string(), email: z.string() });

export const ReportSchema = z
  .strictObject({
    id: z.string(),
    reason: z.enum(REASONS),
    note: z.string().nullable(),
    createdAt: isoTime,
    reporter: PersonSchema,
    reported: PersonSchema.extend({ suspended: z.boolean() }),
    session: z.strictObject({ id: z.string(), start: isoTime, duration: z.int() }),
  })
  .openapi('Report');

export const ReportPageSchema = z
  .strictObject({
    data: z.array(ReportSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as ?cursor= for the next (older) page; null on the last' }),
  })
  .openapi('ReportPage');

export const reportQuery = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  cursor: z.string().regex(/^\d{1,16}$/, 'must be a nextCursor from the previous page').optional(),
});

export const userIdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

export const personQuery = z.strictObject({
  email: z.string('must be a string').trim().min(3, 'must be an email address').max(254, 'must be at most 254 characters')
    .refine((email) => email.includes('@'), 'must be an email address')
    .openapi({ description: 'The email to look up, in any case', example: 'ana@example.com' }),
});

export const PersonPageSchema = z
  .strictObject({
    data: z.array(PersonSchema.extend({ suspended: z.boolean() }))
      .openapi({ description: 'The one person with that email, or none (deleted accounts are not listed)' }),
  })
  .openapi('PersonLookup');

export const suspensionBody = z.strictObject({ reason: freeText(500).min(1, 'must not be empty') });

export const SuspensionSchema = z
  .strictObject({ userId: z.string(), reason: z.string(), since: isoTime })
  .openapi('Suspension');

export const MAX_INVITE_DAYS = 90;

export const inviteBody = z.strictObject({
  days: z.int('must be a whole number').min(1, 'must be at least 1').max(MAX_INVITE_DAYS, `must be at most ${MAX_INVITE_DAYS}`).default(7)
    .meta({ description: 'Days until the code expires' }),
});

export const InviteSchema = z
  .strictObject({ code: z.string().openapi({ description: 'Shown once: send it as "invite" when signing up' }), expiresAt: isoTime })
  .openapi('Invite');
