import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../problems.js';
import { findCallMember, recordAttendance } from '../storage/calls.js';
import { readJsonBody } from '../validation.js';
import { requireCallCredential, type CallEnv } from './call-auth.js';
import { callView } from './call-view.js';

export const attendanceBody = z.strictObject({
  event: z.enum(['joined', 'left'], { error: 'event must be "joined" or "left"' }),
});

/** The JSON the call page polls, and where it reports joining and leaving the conference. */
export const callApiRoutes = new Hono<CallEnv>()
  .get('/v1/calls/:id', requireCallCredential, async (c) => {
    const { db, clock } = c.var.deps;
    const member = await findCallMember(db, c.req.param('id'), c.var.callerId);
    if (!member) throw notFound(`Session ${c.req.param('id')}`);
    return c.json(callView(member, c.var.callerId, c.var.callSettings, clock.now()));
  })
  .post('/v1/calls/:id/attendance', requireCallCredential, async (c) => {
    const { event } = await readJsonBody(c, attendanceBody);
    const { db, clock } = c.var.deps;
    const sessionId = c.req.param('id');
    if (!(await findCallMember(db, sessionId, c.var.callerId))) throw notFound(`Session ${sessionId}`);
    await recordAttendance(db, sessionId, c.var.callerId, event, clock.now());
    return c.body(null, 204);
  });
