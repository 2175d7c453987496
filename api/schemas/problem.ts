import { z } from '@hono/zod-openapi';
import { isoTime } from './common.js';

/**
 * The RFC 9457 problem document every refusal is (SPEC §3), with the shared fields that name
 * the times it mentions (SPEC §11). Open to further members, as RFC 9457 allows.
 */
export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() }).openapi('FieldError');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:cowork:problem:invalid-input' }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    errors: z.array(FieldErrorSchema).optional().openapi({ description: 'Each bad field (validation refusals)' }),
    earliestStart: isoTime.optional(),
    latestStart: isoTime.optional(),
    startedAt: isoTime.optional(),
    opensAt: isoTime.optional().openapi({ description: 'When the join window opens' }),
    retryAt: isoTime.optional(),
    conflictingSession: z
      .object({ id: z.string(), start: isoTime, end: isoTime })
      .optional()
      .openapi({ description: 'The live session a booking overlaps' }),
  })
  .openapi('Problem');
