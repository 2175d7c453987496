import { bearer, defineRoute, problem, router } from '../http/openapi.js';
import { openLiveStream } from '../events/open-stream.js';
import { eventStreamAnswer, eventStreamHeaders } from '../schemas/events.js';
import { findUserByTokenHash } from '../storage/users.js';

const streamEvents = defineRoute({
  method: 'get', path: '/', security: bearer, operationId: 'streamEvents', tags: ['Events'],
  summary: 'Follow your own events as they happen: a server-sent event stream (text/event-stream), resumable with Last-Event-ID',
  description: 'The same events, with the same JSON, as webhooks (SPEC §12), kept 24 hours for a client that resumes. At most 5 streams per person at once; a stream ends within a second of its token being revoked (log out, password change, suspension, deletion).',
  request: { headers: eventStreamHeaders },
  responses: {
    200: eventStreamAnswer('The stream: every event of yours from now (or after Last-Event-ID), until the connection closes'),
    ...problem(409, 'This person already has 5 streams open (too-many-streams)'),
  },
});

/** GET /v1/events: the person's live stream, while their token holds. */
export const eventRoutes = router().openapi(streamEvents, (c) => {
  const { db } = c.get('deps');
  const user = c.get('user');
  const tokenHash = c.get('tokenHash');
  const header = c.req.valid('header')['last-event-id'];
  return openLiveStream(c, {
    userId: user.id,
    lastEventId: header === undefined ? undefined : Number(header),
    stillAllowed: async () => (await findUserByTokenHash(db, tokenHash))?.id === user.id,
  });
});
