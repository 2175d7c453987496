import { z } from '@hono/zod-openapi';
import { DECLINE_LIMIT } from '../domain/decline-rules.js';
import { assertBookable } from '../domain/session-rules.js';
import { limitsOf } from '../config/limits.js';
import { bearer, defineRoute, json, jsonBody, location, problem, router } from '../http/openapi.js';
import { notFound } from '../http/problems.js';
import { reportRateLimit } from '../http/rate-limit-answer.js';
import { idParam, SessionPageSchema, SessionSchema } from '../schemas/sessions.js';
import { RematchSchema } from '../schemas/attendance.js';
import { sha256 } from '../accounts/secrets.js';
import { rematch } from '../storage/attendance.js';
import { replayOrRefuse, type IdempotencyClaim } from '../storage/idempotency.js';
import { declineMatch } from '../storage/declines.js';
import { bookSession } from '../storage/booking.js';
import { cancelSession, getSession, listSessions, nextSession, updateTask } from '../storage/sessions.js';
import { bookingBody, decodeCursor, encodeCursor, idempotencyKey, listQuery, taskBody } from './session-inputs.js';

const notYours = problem(404, 'No such session of yours');
const sessionLocation = (id: string) => ({ Location: `/v1/sessions/${id}` });
const idempotentReplayed = {
  'Idempotent-Replayed': {
    schema: { type: 'string' as const, enum: ['true'] }, required: false,
    description: 'Present when this answer repeats the first one given to the same Idempotency-Key and body',
  },
};
// The answer to most `next` requests of people with nothing booked: built once.
const noUpcomingSession = notFound('An upcoming session');

const book = defineRoute({
  method: 'post', path: '/', operationId: 'bookSession', summary: 'Book a session (paired at once if someone compatible waits)', security: bearer,
  description: 'The start is an RFC 3339 time on a quarter hour, at most 13 weeks ahead. Send an Idempotency-Key to retry safely: the same key and body answer the first result with Idempotent-Replayed: true and the same Location.',
  request: {
    body: jsonBody(bookingBody),
    headers: z.object({ 'Idempotency-Key': idempotencyKey }),
  },
  responses: {
    201: { ...json(SessionSchema, 'Booked; a replay of the same Idempotency-Key and body answers the first result'), headers: { ...location('GET /v1/sessions/{id}'), ...idempotentReplayed } },
    ...problem(409, 'Overlaps another live session of yours (named in conflictingSession), or an event of your busy calendar (busy, named in busyInterval; ignoreBusy: true books anyway), or a limit of live sessions ahead is reached (upcoming-limit: COWORK_MAX_UPCOMING, default 30; low-score-limit: at most 3 with 5 or more scored sessions and an attendance score under 80 %; retryAt says when one ends). A limit never cancels a booking already made; partner-unavailable: partnerId names someone deleted, suspended, or blocked either way'),
    ...problem(404, 'partnerId is not a past partner: never paired with you, or only in sessions still ahead (not-a-partner)'),
    ...problem(422, 'Start in the past or more than 13 weeks ahead, or Idempotency-Key reused with another body'),
  },
});

const list = defineRoute({
  method: 'get', path: '/', operationId: 'listSessions', summary: 'Your sessions, upcoming first (by start), one page at a time', security: bearer,
  description: 'Sessions ending after from (default now) and starting before to, of the statuses asked (default waiting,matched), by start then id; pass nextCursor back as cursor for the next page.',
  request: { query: listQuery },
  responses: { 200: json(SessionPageSchema, 'OK') },
});

const next = defineRoute({
  method: 'get', path: '/next', operationId: 'getNextSession', summary: 'The earliest live session whose end is in the future', security: bearer,
  description: 'The session to join next, including one under way; 404 when none is ahead.',
  responses: { 200: json(SessionSchema, 'OK'), ...problem(404, 'No upcoming session') },
});

const one = defineRoute({
  method: 'get', path: '/{id}', operationId: 'getSession', summary: 'One of your sessions', security: bearer,
  description: 'Any session of yours, past, live or cancelled.',
  request: { params: idParam },
  responses: { 200: json(SessionSchema, 'OK'), ...notYours },
});

const setTask = defineRoute({
  method: 'patch', path: '/{id}', operationId: 'setSessionTask', summary: 'Set what you will work on', security: bearer,
  description: 'Up to 280 characters, shown to your partner; blank or null clears it. Refused once the session is over or cancelled.',
  request: { params: idParam, body: jsonBody(taskBody) },
  responses: { 200: json(SessionSchema, 'OK'), ...notYours, ...problem(409, 'Session cancelled, or already over (session-over)') },
});

const cancel = defineRoute({
  method: 'delete', path: '/{id}', operationId: 'cancelSession', summary: 'Cancel before the start (a matched partner is re-paired if possible)', security: bearer,
  description: 'Allowed until the start; within 60 minutes of it, a matched session is counted as a late cancel. Cancelling a cancelled session answers it again.',
  request: { params: idParam },
  responses: { 200: json(SessionSchema, 'Cancelled'), ...notYours, ...problem(409, 'Session already started') },
});

const decline = defineRoute({
  method: 'post', path: '/{id}/decline', operationId: 'declineMatch', rateLimited: true, summary: 'Leave a match without penalty, until the join window opens', security: bearer,
  description: `The pair is dissolved with no late mark; the two are not paired again for that slot, and both are re-paired with others at once where possible. At most ${DECLINE_LIMIT} declines in any 24 hours.`,
  request: { params: idParam },
  responses: {
    200: json(SessionSchema, 'Your session, waiting or matched with someone new'), ...notYours,
    ...problem(409, 'Not matched (not-matched), the join window has opened (decline-window-closed, with opensAt), the session has started (session-started, with startedAt), or the decline limit is reached (decline-limit, with retryAt)'),
  },
});

const rematchRoute = defineRoute({
  method: 'post', path: '/{id}/rematch', operationId: 'rematchSession', security: bearer,
  description: 'Asked by the call page of the person who came; nothing changes when nobody compatible is present (rematched: false).',
  summary: 'From start + 5 min, re-pair you (your call page open) when your partner did not come, with a present compatible person of the same start and duration; session ids do not change',
  request: { params: idParam },
  responses: {
    200: json(RematchSchema, 'Rematched, or rematched: false when nobody was there (nothing changed)'),
    ...notYours,
    ...problem(409, 'Before start + 5 min (rematch-not-yet, opensAt), session over or cancelled, your call page not open (call-page-closed), or your partner came (partner-came)'),
  },
});

export const sessionRoutes = router()
  .openapi(book, async (c) => {
    const input = c.req.valid('json');
    const { db, clock } = c.get('deps');
    const userId = c.get('user').id;
    const key = c.req.valid('header')['Idempotency-Key'];
    const claim: IdempotencyClaim | undefined = key === undefined ? undefined : {
      key,
      // Every field of the body, so the same key with another activity or partner is refused. Fields
      // added later count only when given, so a key sent before they existed replays the same.
      requestHash: sha256(JSON.stringify([input.start.toISOString(), input.duration, input.task, input.activity ?? null, input.quiet ?? null, input.partnerId ?? null,
        ...(input.languages === undefined ? [] : [{ languages: input.languages }]), ...(input.ignoreBusy ? [{ ignoreBusy: true }] : [])])),
    };
    // A replay answers the first result even once the start has passed, so check it before the rules.
    const replay = claim && (await replayOrRefuse(db, userId, claim));
    // The stored body is the first answer, a session.
    if (replay) return c.json(replay, 201, { ...sessionLocation((replay as { id: string }).id), 'Idempotent-Replayed': 'true' });
    const now = clock.now();
    assertBookable(input.start, now);
    const booking = { userId, start: input.start, duration: input.duration, task: input.task, activity: input.activity ?? null, quiet: input.quiet ?? null, languages: input.languages ?? null, partnerId: input.partnerId ?? null, ignoreBusy: input.ignoreBusy ?? false };
    const { session, replayed } = await bookSession(db, booking, now, limitsOf(c.get('deps')), claim);
    return c.json(session, 201, { ...sessionLocation(session.id), ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}) });
  })
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    const { db, clock } = c.get('deps');
    const page = await listSessions(db, c.get('user').id, {
      from: query.from ?? clock.now(),
      to: query.to ?? null,
      statuses: query.status,
      limit: query.limit,
      after: query.cursor === undefined ? null : decodeCursor(query.cursor),
    }, clock.now());
    const last = page.sessions.at(-1);
    return c.json({ data: page.sessions, nextCursor: page.more && last ? encodeCursor(last) : null }, 200);
  })
  .openapi(next, async (c) => {
    const session = await nextSession(c.get('deps').db, c.get('user').id, c.get('deps').clock.now());
    if (!session) throw noUpcomingSession;
    return c.json(session, 200);
  })
  .openapi(one, async (c) => c.json(await getSession(c.get('deps').db, c.get('user').id, c.req.param('id'), c.get('deps').clock.now()), 200))
  .openapi(setTask, async (c) => {
    const { task } = c.req.valid('json');
    return c.json(await updateTask(c.get('deps').db, c.get('user').id, c.req.param('id'), task, c.get('deps').clock.now()), 200);
  })
  .openapi(rematchRoute, async (c) => c.json(await rematch(c.get('deps').db, c.get('user').id, c.req.param('id'), c.get('deps').clock.now()), 200))
  .openapi(cancel, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await cancelSession(db, c.get('user').id, c.req.param('id'), clock.now()), 200);
  })
  .openapi(decline, async (c) => {
    const { db, clock } = c.get('deps');
    const now = clock.now();
    const { session, use } = await declineMatch(db, c.get('user').id, c.req.param('id'), now);
    reportRateLimit(c, use, now);
    return c.json(session, 200);
  });
