import { checkCalendarUrl } from '../busy-calendar/calendar-url.js';
import { limitsOf } from '../config/limits.js';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { Problem } from '../http/problems.js';
import { BusyCalendarSchema, busyCalendarBody } from '../schemas/busy-calendar.js';
import { busyCalendarOf, removeBusyCalendar, setBusyCalendar } from '../storage/busy-calendars.js';

const tags = ['Busy calendar'];
const noCalendar = new Problem(404, 'no-busy-calendar', 'No busy calendar', 'You have no busy calendar; set one with PUT /v1/me/busy-calendar {url} (cowork calendar busy set <url>).');

const setCalendar = defineRoute({
  method: 'put', path: '/', operationId: 'setBusyCalendar', tags, security: bearer,
  summary: 'Name your own calendar (an ICS address) whose busy times bookings, routines and slots keep clear of',
  description: 'The server fetches it within a minute, then at most every 15 minutes (HTTPS, public addresses only, at most 2 MB in at most 10 s, with ETag), and keeps its busy intervals of the next 13 weeks: recurring events, exceptions and time zones expanded; transparent and cancelled events are free. Naming the same address again changes nothing; another address starts afresh.',
  request: { body: jsonBody(busyCalendarBody) },
  responses: {
    200: json(BusyCalendarSchema, 'Set (or unchanged)'),
    ...problem(422, 'Not an https address, carries a user name or password, or its host does not resolve to public addresses (busy-calendar-url-invalid, -unresolvable, -private)'),
  },
});

const showCalendar = defineRoute({
  method: 'get', path: '/', operationId: 'getBusyCalendar', tags, security: bearer,
  summary: 'Your busy calendar: its address, when it was last fetched and whether that worked, and your upcoming busy events',
  responses: { 200: json(BusyCalendarSchema, 'OK'), ...problem(404, 'You have no busy calendar') },
});

const removeCalendar = defineRoute({
  method: 'delete', path: '/', operationId: 'deleteBusyCalendar', tags, security: bearer,
  summary: 'Forget your busy calendar and its busy intervals (routine occurrences skipped as busy are booked again)',
  responses: { 204: { description: 'Forgotten' }, ...problem(404, 'You have no busy calendar') },
});

export const busyCalendarRoutes = router()
  .openapi(setCalendar, async (c) => {
    const deps = c.get('deps');
    const url = await checkCalendarUrl(c.req.valid('json').url, deps.webhooks?.allowPrivate ?? false, deps.webhookHostLookup);
    const now = deps.clock.now();
    await setBusyCalendar(deps.db, c.get('user').id, url, now, limitsOf(deps).maxUpcoming);
    return c.json((await busyCalendarOf(deps.db, c.get('user').id, now))!, 200);
  })
  .openapi(showCalendar, async (c) => {
    const calendar = await busyCalendarOf(c.get('deps').db, c.get('user').id, c.get('deps').clock.now());
    if (!calendar) throw noCalendar;
    return c.json(calendar, 200);
  })
  .openapi(removeCalendar, async (c) => {
    const deps = c.get('deps');
    if (!(await removeBusyCalendar(deps.db, c.get('user').id, deps.clock.now(), limitsOf(deps).maxUpcoming))) throw noCalendar;
    return c.body(null, 204);
  });
