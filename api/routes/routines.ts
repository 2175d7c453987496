import { limitsOf } from '../config/limits.js';
import { bearer, defineRoute, json, jsonBody, location, problem, router } from '../http/openapi.js';
import {
  deleteQuery, RoutineDeletionSchema, routineBody, routineChange, RoutineListSchema, RoutineSchema, SkipResultSchema, skipBody, UnskipResultSchema, unskipQuery,
} from '../schemas/routines.js';
import { idParam } from '../schemas/sessions.js';
import { SKIP_AHEAD_DAYS } from '../domain/skip-ranges.js';
import { skipRange, unskipRange } from '../storage/routine-skips.js';
import { createRoutine, deleteRoutine, getRoutine, listRoutines, updateRoutine } from '../storage/routines.js';

const notYours = problem(404, 'No such routine of yours');

const create = defineRoute({
  method: 'post', path: '/', operationId: 'createRoutine', summary: 'Repeat a booking: books every occurrence up to horizonDays ahead, and keeps booking', security: bearer,
  description: 'days are mon…sun, time a quarter hour HH:MM in timezone (default yours); 09:00 local stays 09:00 local across clock changes. An occurrence that would overlap a session of yours is skipped, not double-booked.',
  request: { body: jsonBody(routineBody) },
  responses: {
    201: { ...json(RoutineSchema, 'Created, with its first occurrences booked (or listed in skipped)'), headers: location('GET /v1/routines/{id}') },
    ...problem(409, 'You keep 20 routines already (routine-limit)'),
  },
});

const list = defineRoute({
  method: 'get', path: '/', operationId: 'listRoutines', summary: 'Your routines', security: bearer,
  description: 'Each with its days, time, zone, whether it is paused and the occurrences ahead it skipped, and why.',
  responses: { 200: json(RoutineListSchema, 'OK') },
});

const one = defineRoute({
  method: 'get', path: '/{id}', operationId: 'getRoutine', summary: 'One of your routines, with the occurrences ahead it skipped', security: bearer,
  description: 'skipped lists the occurrences ahead not booked: overlap, dst-gap, limit or suspended.',
  request: { params: idParam },
  responses: { 200: json(RoutineSchema, 'OK'), ...notYours },
});

const change = defineRoute({
  method: 'patch', path: '/{id}', operationId: 'updateRoutine', summary: 'Pause or resume (books up to the horizon at once), or set the task of the sessions it books next', security: bearer,
  description: 'Pausing books nothing more and keeps the sessions already booked; a new task applies to the sessions it books from now on.',
  request: { params: idParam, body: jsonBody(routineChange) },
  responses: { 200: json(RoutineSchema, 'OK'), ...notYours },
});

const remove = defineRoute({
  method: 'delete', path: '/{id}', operationId: 'deleteRoutine', summary: 'Delete: cancels its waiting sessions ahead, keeps the matched ones unless ?cancel=all', security: bearer,
  description: 'The answer names the sessions ahead it cancelled and the matched ones it kept.',
  request: { params: idParam, query: deleteQuery },
  responses: { 200: json(RoutineDeletionSchema, 'Deleted, naming the sessions ahead it cancelled and those it kept (this answered 204 with no body before; a client that ignores the body is unaffected)'), ...notYours },
});

const skip = defineRoute({
  method: 'post', path: '/{id}/skip', operationId: 'skipRoutine', summary: "A holiday: cancels the routine's sessions in [from, to) and books none there", security: bearer,
  description: `A skip reaches at most ${SKIP_AHEAD_DAYS} days ahead. Skips touching each other, or with no occurrence between them, are kept as one range.`,
  request: { params: idParam, body: jsonBody(skipBody) },
  responses: {
    200: json(SkipResultSchema, 'Skipped'),
    ...notYours,
    ...problem(422, `to is more than ${SKIP_AHEAD_DAYS} days ahead (skip-too-far); latestEnd is the latest end allowed now`),
  },
});

const unskip = defineRoute({
  method: 'delete', path: '/{id}/skip', operationId: 'unskipRoutine',
  description: 'A session you cancelled yourself stays cancelled; a day never skipped is left alone.',
  summary: 'Lift a holiday: books the occurrences ahead skipped in [from, to) again (at once within the horizon), not those you cancelled yourself', security: bearer,
  request: { params: idParam, query: unskipQuery },
  responses: { 200: json(UnskipResultSchema, 'Lifted (lifted is empty when nothing ahead was skipped there)'), ...notYours },
});

export const routineRoutes = router()
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    const { db, clock } = c.get('deps');
    const routine = await createRoutine(db, c.get('user').id, {
      ...input, timezone: input.timezone ?? c.get('user').timezone, activity: input.activity ?? null, quiet: input.quiet ?? null,
    }, clock.now(), limitsOf(c.get('deps')).maxUpcoming);
    return c.json(routine, 201, { Location: `/v1/routines/${routine.id}` });
  })
  .openapi(list, async (c) => c.json({ data: await listRoutines(c.get('deps').db, c.get('user').id, c.get('deps').clock.now()) }, 200))
  .openapi(one, async (c) => c.json(await getRoutine(c.get('deps').db, c.get('user').id, c.req.param('id'), c.get('deps').clock.now()), 200))
  .openapi(change, async (c) => {
    const { db, clock } = c.get('deps');
    const routine = await updateRoutine(db, c.get('user').id, c.req.param('id'), c.req.valid('json'), clock.now(), limitsOf(c.get('deps')).maxUpcoming);
    return c.json(routine, 200);
  })
  .openapi(remove, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await deleteRoutine(db, c.get('user').id, c.req.param('id'), c.req.valid('query').cancel === 'all', clock.now()), 200);
  })
  .openapi(skip, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await skipRange(db, c.get('user').id, c.req.param('id'), c.req.valid('json'), clock.now()), 200);
  })
  .openapi(unskip, async (c) => {
    const { db, clock } = c.get('deps');
    const range = c.req.valid('query');
    return c.json(await unskipRange(db, c.get('user').id, c.req.param('id'), range, clock.now(), limitsOf(c.get('deps')).maxUpcoming), 200);
  });
