import { bearer, defineRoute, json, jsonBody, problem, router } from '../openapi.js';
import { ReportReceiptSchema, reportBody } from '../schemas/moderation.js';
import { reportAndBlock } from '../storage/reporting.js';

const report = defineRoute({
  method: 'post', path: '/', summary: 'Report a partner (and block them)', security: bearer,
  description: 'About someone who was your partner in that session at any point (a rematch changes the partner, not the session), from its start until 48 hours after its end. It also blocks them.',
  request: { body: jsonBody(reportBody) },
  responses: {
    201: json(ReportReceiptSchema, 'Reported'),
    ...problem(404, 'That person was never your partner in that session of yours'),
    ...problem(409, 'Outside the report window: opensAt (the start) and closesAt (48 hours after the end)'),
  },
});

export const reportRoutes = router().openapi(report, async (c) => {
  const input = c.req.valid('json');
  const { db, clock } = c.get('deps');
  const receipt = await reportAndBlock(db, { reporterId: c.get('user').id, reportedId: input.userId, sessionId: input.sessionId, reason: input.reason, note: input.note }, clock.now());
  return c.json({ ...receipt, blocked: true }, 201);
});
