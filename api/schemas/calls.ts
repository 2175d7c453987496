import { z } from '@hono/zod-openapi';
import { durationSchema, PersonSchema } from './sessions.js';
import { isoTime, orNull } from './common.js';

/** What the call routes take and answer: the join link, the page's JSON and attendance reports. */
export const JoinLinkSchema = z
  .strictObject({
    url: z.url().openapi({ description: 'The call page; its credential is in the fragment, which never reaches a server log or a Referer' }),
    expiresAt: isoTime,
  })
  .openapi('JoinLink');

export const CallViewSchema = z
  .strictObject({
    phase: z.enum(['waiting', 'matched', 'over', 'cancelled']),
    now: isoTime.openapi({ description: "The server's clock; the page's timer follows it" }),
    you: PersonSchema,
    session: z.strictObject({
      id: z.string(), start: isoTime, end: isoTime, duration: durationSchema,
      task: z.string().nullable(), partner: orNull(PersonSchema), partnerTask: z.string().nullable(),
    }),
    jitsi: z
      .strictObject({
        domain: z.string(),
        scriptUrl: z.url(),
        roomName: z.string(),
        jwt: z.string().nullable().openapi({ description: "This person's Jitsi token (HS256 self-hosted, RS256 JaaS); null in public mode" }),
      })
      .nullable()
      .openapi({ description: 'Only for a member of a live pair (phase "matched"); null otherwise' }),
  })
  .openapi('CallView');

export const attendanceBody = z
  .strictObject({
    event: z.enum(['joined', 'left'], { error: 'event must be "joined" or "left"' }),
  })
  .openapi('Attendance');

export const assetParam = z.object({ file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: 'main.js' }) });
