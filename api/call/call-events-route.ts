import { callCredential, defineRoute, problem, router } from '../http/openapi.js';
import { notFound } from '../http/problems.js';
import { openLiveStream } from '../events/open-stream.js';
import { eventStreamAnswer } from '../schemas/events.js';
import { idParam } from '../schemas/sessions.js';
import { findCallMember } from '../storage/calls.js';
import { acceptsCallCredential } from '../storage/users.js';
import type { CallEnv } from './call-auth.js';
import { verifyCallCredential } from './call-credential.js';

const callEvents = defineRoute({
  method: 'get', path: '/v1/calls/{id}/events', security: callCredential, operationId: 'streamCallEvents', tags: ['Events'],
  summary: 'What the call page follows: the events of this session as they happen (a cancel, a partner lost or found, the start), as a server-sent event stream',
  description: 'The same messages as GET /v1/events, only those whose `data.session` is this session, with the call credential in the Authorization header (never in the URL). It counts among the person\'s 5 streams.',
  request: { params: idParam },
  responses: {
    200: eventStreamAnswer('The stream of this session\'s events from now, until the connection closes'),
    ...problem(404, 'No such session of this person'),
    ...problem(409, 'This person already has 5 streams open (too-many-streams)'),
  },
});

/** GET /v1/calls/{id}/events: the call page's live view of its session, while its link holds. */
export const callEventRoutes = router<CallEnv>().openapi(callEvents, async (c) => {
  const { db, clock } = c.get('deps');
  const sessionId = c.req.param('id');
  const userId = c.get('callerId');
  if (!(await findCallMember(db, sessionId, userId, clock.now()))) throw notFound(`Session ${sessionId}`);
  const credential = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')![1]!;
  const { secret } = c.get('callSettings');
  const ofThisSession = `"session":{"id":${JSON.stringify(sessionId)}`;
  return openLiveStream(c, {
    userId,
    lastEventId: undefined,
    stillAllowed: async () => {
      const verified = verifyCallCredential(secret, sessionId, credential, clock.now());
      return verified !== null && (await acceptsCallCredential(db, verified.userId, verified.issuedAt));
    },
    // Bodies are the outbox's JSON.stringify of `{..., data: {session: {id, ...}}}`: the id comes first.
    carries: (event) => event.body.includes(ofThisSession),
  });
});
