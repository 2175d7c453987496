import { callCredential, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { notFound } from '../http/problems.js';
import { attendanceBody, CallViewSchema } from '../schemas/calls.js';
import { idParam } from '../schemas/sessions.js';
import { RematchSchema } from '../schemas/attendance.js';
import { checkIn, rematch } from '../storage/attendance.js';
import { findCallMember, recordAttendance } from '../storage/calls.js';
import type { CallEnv } from './call-auth.js';
import { callView } from './call-view.js';

const notAMember = problem(404, 'No such session of this person');

const view = defineRoute({
  method: 'get', path: '/v1/calls/{id}', operationId: 'getCall', security: callCredential,
  description: 'Read with the call credential from a join link: the session, the partner, and for a member of a live pair the Jitsi room (and token on a token-auth deployment).',
  summary: 'What the call page shows: the session, the partner and, for a member of a live pair, the Jitsi room and token',
  request: { params: idParam },
  responses: { 200: json(CallViewSchema, 'OK'), ...notAMember },
});

const attendance = defineRoute({
  method: 'post', path: '/v1/calls/{id}/attendance', operationId: 'recordCallAttendance', security: callCredential,
  description: 'The call page reports the conference events it sees (joined, left), from which attendance is judged at start + 5 minutes.',
  summary: 'Record that this person joined or left the conference (for later no-show rules)',
  request: { params: idParam, body: jsonBody(attendanceBody) },
  responses: { 204: { description: 'Recorded with the server time' }, ...notAMember },
});

const checkInRoute = defineRoute({
  method: 'post', path: '/v1/calls/{id}/check-in', operationId: 'checkInToCall', security: callCredential,
  description: 'Keeps the call page counted as open; rematching needs the page open, so a person who closed it is not handed a new partner.',
  summary: 'The open call page checks in every 20 s; a page counts as open while its last check-in is under 150 s old (in public meet.jit.si mode an open page of a matched session counts as joined)',
  request: { params: idParam },
  responses: { 204: { description: 'Recorded with the server time' }, ...notAMember },
});

const rematchRoute = defineRoute({
  method: 'post', path: '/v1/calls/{id}/rematch', operationId: 'rematchCall', security: callCredential,
  description: 'The call page asks by itself when the partner has not come by start + 5 min; the session keeps its id, and rematched: false means nobody was there.',
  summary: 'From start + 5 min, re-pair this present person whose partner did not come with a present compatible person of the same start and duration (the call page asks by itself)',
  request: { params: idParam },
  responses: {
    200: json(RematchSchema, 'Rematched, or rematched: false when nobody was there (nothing changed)'),
    ...notAMember,
    ...problem(409, 'Before start + 5 min (rematch-not-yet, opensAt), session over or cancelled, this page not open (call-page-closed), or the partner came (partner-came)'),
  },
});

/** The JSON the call page polls, and where it reports joining and leaving the conference. */
export const callApiRoutes = router<CallEnv>()
  .openapi(view, async (c) => {
    const { db, clock } = c.get('deps');
    const member = await findCallMember(db, c.req.param('id'), c.get('callerId'), clock.now());
    if (!member) throw notFound(`Session ${c.req.param('id')}`);
    return c.json(callView(member, c.get('callerId'), c.get('callSettings'), clock.now()), 200);
  })
  .openapi(attendance, async (c) => {
    const { event } = c.req.valid('json');
    const { db, clock } = c.get('deps');
    const sessionId = c.req.param('id');
    if (!(await findCallMember(db, sessionId, c.get('callerId'), clock.now()))) throw notFound(`Session ${sessionId}`);
    await recordAttendance(db, sessionId, c.get('callerId'), event, clock.now());
    return c.body(null, 204);
  })
  .openapi(checkInRoute, async (c) => {
    const { db, clock } = c.get('deps');
    const sessionId = c.req.param('id');
    const now = clock.now();
    if (!(await findCallMember(db, sessionId, c.get('callerId'), now))) throw notFound(`Session ${sessionId}`);
    await checkIn(db, sessionId, c.get('callerId'), now, c.get('callSettings').jitsi.mode === 'public');
    return c.body(null, 204);
  })
  .openapi(rematchRoute, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await rematch(db, c.get('callerId'), c.req.param('id'), clock.now()), 200);
  });
