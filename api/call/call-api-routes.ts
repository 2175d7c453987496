import { callCredential, defineRoute, json, jsonBody, problem, router } from '../openapi.js';
import { notFound } from '../problems.js';
import { attendanceBody, CallViewSchema } from '../schemas/calls.js';
import { idParam } from '../schemas/sessions.js';
import { findCallMember, recordAttendance } from '../storage/calls.js';
import type { CallEnv } from './call-auth.js';
import { callView } from './call-view.js';

const notAMember = problem(404, 'No such session of this person');

const view = defineRoute({
  method: 'get', path: '/v1/calls/{id}', security: callCredential,
  summary: 'What the call page shows: the session, the partner and, for a member of a live pair, the Jitsi room and token',
  request: { params: idParam },
  responses: { 200: json(CallViewSchema, 'OK'), ...notAMember },
});

const attendance = defineRoute({
  method: 'post', path: '/v1/calls/{id}/attendance', security: callCredential,
  summary: 'Record that this person joined or left the conference (for later no-show rules)',
  request: { params: idParam, body: jsonBody(attendanceBody) },
  responses: { 204: { description: 'Recorded with the server time' }, ...notAMember },
});

/** The JSON the call page polls, and where it reports joining and leaving the conference. */
export const callApiRoutes = router<CallEnv>()
  .openapi(view, async (c) => {
    const { db, clock } = c.var.deps;
    const member = await findCallMember(db, c.req.param('id'), c.var.callerId);
    if (!member) throw notFound(`Session ${c.req.param('id')}`);
    return c.json(callView(member, c.var.callerId, c.var.callSettings, clock.now()), 200);
  })
  .openapi(attendance, async (c) => {
    const { event } = c.req.valid('json');
    const { db, clock } = c.var.deps;
    const sessionId = c.req.param('id');
    if (!(await findCallMember(db, sessionId, c.var.callerId))) throw notFound(`Session ${sessionId}`);
    await recordAttendance(db, sessionId, c.var.callerId, event, clock.now());
    return c.body(null, 204);
  });
