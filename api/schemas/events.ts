import { z } from '@hono/zod-openapi';
import { EVENT_MEANINGS, EVENT_TYPES } from '../domain/webhook-events.js';
import { isoTime } from './common.js';

// Live events (SPEC §12): what the stream's messages carry, for /openapi.json.

const meanings = EVENT_TYPES.map((type) => `\`${type}\`: ${EVENT_MEANINGS[type]}`).join('; ');

/** The `data:` of each event message: the same JSON a webhook receives. */
export const LiveEventSchema = z
  .strictObject({
    id: z.string().openapi({ description: 'The event\'s own id (the webhook\'s), for deduplication; the stream\'s `id:` line is the resume point', example: 'evt_01J...' }),
    type: z.enum(EVENT_TYPES),
    createdAt: isoTime,
    data: z.record(z.string(), z.unknown()).openapi({ description: 'For session events `session` (as GET /v1/sessions/{id} shows it) and, for `session.unmatched`, `reason`; for `routine.skipped` the routine, start and reason' }),
  })
  .openapi('LiveEvent', {
    description: `One message of a text/event-stream: \`event:\` its type, \`id:\` a number that grows per person (send it back as Last-Event-ID to resume), \`data:\` this JSON. Types: ${meanings}. Two more messages carry \`{"type": "ready"}\` or \`{"type": "reset"}\` as data: \`ready\` once the stream caught up (its id is where a resume would start), \`reset\` when the Last-Event-ID sent is older than the 24 hours kept (or unknown): re-read your state. A comment line (\`: heartbeat\`) comes every 15 s.`,
  });

const lastEventId = z.string().regex(/^\d{1,15}$/, 'must be the number of an `id:` line this stream sent').optional()
  .openapi({ description: 'The `id:` of the last message received: the stream resumes after it (events of the last 24 hours), or sends `reset`' });

export const eventStreamHeaders = z.object({ 'last-event-id': lastEventId });

/** The 200 of an event stream. */
export const eventStreamAnswer = (description: string) => ({
  description,
  content: { 'text/event-stream': { schema: LiveEventSchema } },
});
