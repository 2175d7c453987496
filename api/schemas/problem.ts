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
    earliestStart: isoTime.optional().openapi({ description: 'The earliest start that can be booked now (start-in-past)' }),
    latestStart: isoTime.optional().openapi({ description: 'The latest start that can be booked now (start-too-far)' }),
    latestEnd: isoTime.optional().openapi({ description: 'The latest end a range may have now (skip-too-far)' }),
    startedAt: isoTime.optional().openapi({ description: 'When the session or the refused start began (session-started, start-in-past)' }),
    endedAt: isoTime.optional().openapi({ description: 'When the session ended (session-over)' }),
    opensAt: isoTime.optional().openapi({ description: 'When the join window opens (join-window-not-open), or the report window (report-window)' }),
    closesAt: isoTime.optional().openapi({ description: 'When the report window closes: 48 hours after the session ends (report-window)' }),
    retryAt: isoTime.optional().openapi({ description: 'When to try again (429, and limits that lift at a known time)' }),
    allowed: z.array(z.string()).optional().openapi({ description: 'The methods the path answers (method-not-allowed), as in Allow' }),
    limit: z.string().optional().openapi({ description: 'Which limit of live sessions ahead refused the booking: max-upcoming or low-score' }),
    maxUpcoming: z.int().optional().openapi({ description: 'The live sessions ahead the limit allows (upcoming-limit, low-score-limit)' }),
    score: z.number().optional().openapi({ description: 'The attendance score, 0 to 1, that set the low-score limit' }),
    scoredSessions: z.int().optional().openapi({ description: 'The scored sessions the score is over (low-score-limit)' }),
    reason: z.string().optional().openapi({ description: 'Why the account is suspended (account-suspended)' }),
    suspendedAt: isoTime.optional().openapi({ description: 'When the account was suspended (account-suspended)' }),
    requestId: z.string().optional().openapi({ description: 'The id of the request refused, as in its X-Request-Id answer header and the server\'s log' }),
    conflictingSession: z
      .object({ id: z.string(), start: isoTime, end: isoTime })
      .optional()
      .openapi({ description: 'The live session a booking overlaps (session-overlap)' }),
    busyInterval: z
      .object({ start: isoTime, end: isoTime, title: z.string() })
      .optional()
      .openapi({ description: 'The event of your busy calendar a booking overlaps (busy); book anyway with ignoreBusy: true' }),
  })
  .openapi('Problem');
