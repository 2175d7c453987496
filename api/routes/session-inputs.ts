import { z } from '@hono/zod-openapi';
import { isQuarterHour, nearestQuarterHours } from '../domain/session-rules.js';
import { invalidInput } from '../http/problems.js';
import type { Session } from '../storage/session-rows.js';
import { optionalText, rfc3339, textOrNull } from '../http/validation.js';
import { bookingPreferences } from '../schemas/matching.js';

/** The shapes a client may send to /v1/sessions, shared with the OpenAPI document. */
const STATUSES = ['waiting', 'matched', 'cancelled'] as const;

export const sessionStart = rfc3339.superRefine((start, ctx) => {
  if (Number.isNaN(start.getTime()) || isQuarterHour(start)) return;
  const [before, after] = nearestQuarterHours(start);
  ctx.addIssue({ code: 'custom', message: `must be on a quarter hour (:00, :15, :30, :45, seconds zero), such as ${before.toISOString()} or ${after.toISOString()}` });
});

export const bookingBody = z.strictObject({
  start: sessionStart,
  duration: z.union([z.literal(25), z.literal(50), z.literal(75)], { error: 'must be 25, 50 or 75 (minutes)' }),
  task: optionalText(280, 'task'),
  ...bookingPreferences,
});

export const taskBody = z.strictObject({
  task: textOrNull(280, 'task'),
});

export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
  .optional();

export const listQuery = z.strictObject({
  from: rfc3339.optional(),
  to: rfc3339.optional(),
  status: z
    .string()
    .transform((text) => [...new Set(text.split(',').map((s) => s.trim()))])
    .pipe(z.array(z.enum(STATUSES, { error: 'must be waiting, matched or cancelled (comma-separated)' })))
    .default(['waiting', 'matched'])
    // Documented as what it is, a comma-separated list of an enum (form style, not exploded), so
    // generated clients offer the statuses and write `status=waiting,cancelled`.
    .openapi({
      description: 'Statuses to list, comma-separated', type: 'array', items: { type: 'string', enum: [...STATUSES] },
      default: ['waiting', 'matched'], param: { style: 'form', explode: false },
    }),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  cursor: z.string().max(200).optional(),
});

export const encodeCursor = (session: Session) =>
  Buffer.from(JSON.stringify([Date.parse(session.start), session.id])).toString('base64url');

export function decodeCursor(cursor: string): { startMs: number; id: string } {
  try {
    const [startMs, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof startMs === 'number' && typeof id === 'string') return { startMs, id };
  } catch {
    // fall through to the refusal below
  }
  throw invalidInput('The cursor is not one this API gave out; pass nextCursor from the previous page unchanged.', [
    { path: 'cursor', message: 'unknown cursor' },
  ]);
}
