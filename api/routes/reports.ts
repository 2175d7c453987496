import { bearer, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { ReportReceiptSchema, reportBody } from '../schemas/moderation.js';
import { reportAndBlock } from '../storage/reporting.js';

const report = defineRoute({
  method: 'post', path: '/', operationId: 'reportPartner', summary: 'Report a partner (and block them)', security: bearer,
  description: 'About someone who was your partner in that session at any point (a rematch changes the partner, not the session), from its start until 48 hours after its end. It also blocks them. One report per reporter, person and session: a repeat answers 200 with the first.',
  request: { body: jsonBody(reportBody) },
  responses: {
    200: json(ReportReceiptSchema, 'You had reported this person for this session already: the first report, unchanged (one report per reporter, person and session; its reason and note stay). They are blocked again if you had unblocked them.'),
    201: json(ReportReceiptSchema, 'Reported'),
    ...problem(404, 'That person was never your partner in that session of yours'),
    ...problem(409, 'Outside the report window: opensAt (the start) and closesAt (48 hours after the end)'),
  },
});

export const reportRoutes = router().openapi(report, async (c) => {
  const input = c.req.valid('json');
  const { db, clock } = c.get('deps');
  const { repeated, ...receipt } = await reportAndBlock(db, { reporterId: c.get('user').id, reportedId: input.userId, sessionId: input.sessionId, reason: input.reason, note: input.note }, clock.now());
  return repeated ? c.json({ ...receipt, blocked: true }, 200) : c.json({ ...receipt, blocked: true }, 201);
});
