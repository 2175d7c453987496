import { requireAdmin } from '../accounts/admin.js';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { InviteSchema, inviteBody, PersonPageSchema, personQuery, ReportPageSchema, reportQuery, SuspensionSchema, suspensionBody, userIdParam } from '../schemas/moderation.js';
import { newToken, sha256 } from '../accounts/secrets.js';
import { createInvite } from '../storage/invites.js';
import { listReports, personByEmail, suspend, unsuspend } from '../storage/moderation.js';

const adminOnly = { security: bearer, checks: [requireAdmin] } as const;
const notAdmin = problem(403, 'The caller is not an admin (granted by the operator with `cowork admin grant`); nothing else is said');

const reports = defineRoute({
  method: 'get', path: '/reports', operationId: 'listReports', summary: 'Reports, newest first (admins)', ...adminOnly,
  description: 'For admins only; anyone else gets 403 and learns nothing more.',
  request: { query: reportQuery },
  responses: { 200: json(ReportPageSchema, 'OK'), ...notAdmin },
});

const people = defineRoute({
  method: 'get', path: '/users', operationId: 'findUserByEmail', summary: 'Find a person by email (admins), for their id', ...adminOnly,
  description: 'An admin knows people by email; the suspension routes take an id. Answers the one living person with that email, or an empty list.',
  request: { query: personQuery },
  responses: { 200: json(PersonPageSchema, 'OK (data is empty when nobody has that email)'), ...notAdmin },
});

const suspendUser = defineRoute({
  method: 'post', path: '/users/{id}/suspension', operationId: 'suspendUser', summary: 'Suspend a person (admins)', ...adminOnly,
  description: 'In one transaction: their tokens are revoked, call links refused, future sessions cancelled with partners re-paired at once. Log-in answers 403 naming the suspension, only after the right password.',
  request: { params: userIdParam, body: jsonBody(suspensionBody) },
  responses: { 200: json(SuspensionSchema, 'Suspended'), ...notAdmin, ...problem(404, 'No such user') },
});

const liftSuspension = defineRoute({
  method: 'delete', path: '/users/{id}/suspension', operationId: 'liftSuspension', summary: 'Lift a suspension (admins)', ...adminOnly,
  description: 'The person can log in and book again; lifting a suspension that is not there answers 204 all the same.',
  request: { params: userIdParam },
  responses: { 204: { description: 'Lifted (or there was none); what was cancelled stays cancelled' }, ...notAdmin, ...problem(404, 'No such user') },
});

const invite = defineRoute({
  method: 'post', path: '/invites', operationId: 'createInvite', summary: 'Make an invite code (admins)', ...adminOnly,
  description: 'Single use; expires after `days` (default 7). Needed by everyone who signs up when COWORK_SIGNUP=invite.',
  request: { body: jsonBody(inviteBody) },
  responses: { 201: json(InviteSchema, 'Created'), ...notAdmin },
});

export const adminRoutes = router()
  .openapi(reports, async (c) => {
    const query = c.req.valid('query');
    const page = await listReports(c.get('deps').db, query.limit, query.cursor === undefined ? null : Number(query.cursor));
    return c.json({ data: page.reports, nextCursor: page.next === null ? null : String(page.next) }, 200);
  })
  .openapi(people, async (c) => {
    const person = await personByEmail(c.get('deps').db, c.req.valid('query').email);
    return c.json({ data: person ? [person] : [] }, 200);
  })
  .openapi(suspendUser, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await suspend(db, c.req.valid('param').id, c.req.valid('json').reason, clock.now()), 200);
  })
  .openapi(liftSuspension, async (c) => {
    await unsuspend(c.get('deps').db, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(invite, async (c) => {
    const { db, clock } = c.get('deps');
    const code = newToken();
    const expiresAt = new Date(clock.now().getTime() + c.req.valid('json').days * 24 * 60 * 60_000);
    await createInvite(db, { codeHash: sha256(code), createdBy: c.get('user').id, expiresAt }, clock.now());
    return c.json({ code, expiresAt: expiresAt.toISOString() }, 201);
  });
