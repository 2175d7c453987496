import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requireUser } from '../auth.js';
import { assertBookable } from '../domain/session-rules.js';
import { limitsOf } from '../limits.js';
import { notFound } from '../problems.js';
import { sha256 } from '../secrets.js';
import { replayOrRefuse, type IdempotencyClaim } from '../storage/idempotency.js';
import { bookSession, cancelSession, getSession, listSessions, nextSession, updateTask } from '../storage/sessions.js';
import { parseHeader, parseWith, readJsonBody } from '../validation.js';
import { bookingBody, decodeCursor, encodeCursor, idempotencyKey, listQuery, taskBody } from './session-inputs.js';

export const sessionRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/', async (c) => {
    const input = await readJsonBody(c, bookingBody);
    const { db, clock } = c.var.deps;
    const userId = c.var.user.id;
    const key = parseHeader(idempotencyKey, c.req.header('idempotency-key'), 'Idempotency-Key');
    const claim: IdempotencyClaim | undefined = key === undefined ? undefined : {
      key,
      requestHash: sha256(JSON.stringify([input.start.toISOString(), input.duration, input.task])),
    };
    // A replay answers the first result even once the start has passed, so check it before the rules.
    const replay = claim && (await replayOrRefuse(db, userId, claim));
    if (replay) {
      c.header('Idempotent-Replayed', 'true');
      return c.json(replay, 201);
    }
    const now = clock.now();
    assertBookable(input.start, now);
    const { session, replayed } = await bookSession(db, { userId, ...input }, now, limitsOf(c.var.deps), claim);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(session, 201, { Location: `/v1/sessions/${session.id}` });
  })
  .get('/', async (c) => {
    const query = parseWith(listQuery, c.req.query(), 'query');
    const { db, clock } = c.var.deps;
    const page = await listSessions(db, c.var.user.id, {
      from: query.from ?? clock.now(),
      to: query.to ?? null,
      statuses: query.status,
      limit: query.limit,
      after: query.cursor === undefined ? null : decodeCursor(query.cursor),
    });
    const last = page.sessions.at(-1);
    return c.json({ data: page.sessions, nextCursor: page.more && last ? encodeCursor(last) : null });
  })
  .get('/next', async (c) => {
    const session = await nextSession(c.var.deps.db, c.var.user.id, c.var.deps.clock.now());
    if (!session) throw notFound('An upcoming session');
    return c.json(session);
  })
  .get('/:id', async (c) => c.json(await getSession(c.var.deps.db, c.var.user.id, c.req.param('id'))))
  .patch('/:id', async (c) => {
    const { task } = await readJsonBody(c, taskBody);
    return c.json(await updateTask(c.var.deps.db, c.var.user.id, c.req.param('id'), task, c.var.deps.clock.now()));
  })
  .delete('/:id', async (c) => {
    const { db, clock } = c.var.deps;
    return c.json(await cancelSession(db, c.var.user.id, c.req.param('id'), clock.now()));
  });
