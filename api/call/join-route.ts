import { assertInJoinWindow } from '../domain/session-rules.js';
import { bearer, defineRoute, json, problem, router } from '../http/openapi.js';
import { conflict } from '../http/problems.js';
import { JoinLinkSchema } from '../schemas/calls.js';
import { idParam } from '../schemas/sessions.js';
import { getSession } from '../storage/sessions.js';
import { issueCallCredential } from './call-credential.js';
import { callSettingsOf } from './call-settings.js';

/** A link outlives the session a little, so a page open at the end hears "session over" rather than "invalid link". */
const LINK_GRACE_MS = 15 * 60_000;

const join = defineRoute({
  method: 'post', path: '/v1/sessions/{id}/join', operationId: 'joinSession', security: bearer,
  description: 'Answers the call page URL for this session, its credential after the #, good until the session ends. Refused with 409 before start - 10 min (join-window-not-open, with opensAt) and from the end on (session-over, with endedAt).',
  summary: 'A link to the call page, from 10 minutes before the start until the end',
  request: { params: idParam },
  responses: {
    200: json(JoinLinkSchema, 'The link; its credential is in the URL fragment, which never reaches a server log or a Referer'),
    ...problem(404, 'No such session of yours'),
    ...problem(409, 'Outside the join window (opensAt says when it opens), or the session is cancelled'),
  },
});

/**
 * `POST /v1/sessions/{id}/join`: a link to the call page for a member, in the join window.
 * The credential rides in the URL fragment, which browsers never send to a server or in a Referer.
 */
export const joinRoute = router().openapi(join, async (c) => {
  const { db, clock, publicUrl } = c.get('deps');
  const now = clock.now();
  const session = await getSession(db, c.get('user').id, c.req.param('id'), now);
  if (session.status === 'cancelled') {
    throw conflict('session-cancelled', 'Session cancelled', `Session ${session.id} is cancelled; book another one to join a call.`);
  }
  const end = new Date(session.end);
  assertInJoinWindow(new Date(session.start), end, now);
  const { secret } = await callSettingsOf(c.get('deps'));
  const expiresAt = new Date(end.getTime() + LINK_GRACE_MS);
  const credential = issueCallCredential(secret, { sessionId: session.id, userId: c.get('user').id, issuedAt: now, expiresAt });
  const base = publicUrl ?? new URL(c.req.url).origin;
  return c.json({ url: `${base}/call/${encodeURIComponent(session.id)}#${credential}`, expiresAt: expiresAt.toISOString() }, 200);
});
