import { z } from '@hono/zod-openapi';
import { SessionSchema } from './sessions.js';

/** What the accountability routes answer (SPEC §8): a rematch's outcome and a person's stats. */
export const RematchSchema = z
  .strictObject({
    rematched: z.boolean().openapi({ description: 'False when nobody compatible was there; nothing changed then' }),
    session: SessionSchema,
  })
  .openapi('Rematch');

export const StatsSchema = z
  .strictObject({
    completed: z.int().openapi({ description: 'Ended sessions in which you and a partner both joined the call' }),
    minutesFocused: z.int(),
    weeks: z
      .array(z.strictObject({
        weekOf: z.iso.date().openapi({ description: 'The Monday that starts the week, in your time zone' }),
        sessions: z.int(),
        minutes: z.int(),
      }))
      .openapi({ description: 'The last 12 weeks, oldest first, this week last' }),
    streak: z.strictObject({
      current: z.int().openapi({ description: 'Days in a row with a completed session, ending today or yesterday' }),
      longest: z.int(),
    }).openapi({ description: 'Counted in calendar days of your time zone' }),
    score: z.number().min(0).max(1).nullable().openapi({ description: 'Share of your last 20 scored sessions attended (on time or late); null before the first' }),
    scoredSessions: z.int().openapi({ description: 'Sessions the score is over (at most 20)' }),
    noShows: z.int(),
    lateCancels: z.int(),
  })
  .openapi('Stats');
