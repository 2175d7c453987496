import { z } from 'zod';
import { attendanceScore } from '../domain/attendance.js';
import { streaksOf, weeklyCounts } from '../domain/stats.js';
import { bearer, defineRoute, json, jsonBody, router } from '../openapi.js';
import { StatsSchema } from '../schemas/attendance.js';
import { settingsFields } from '../schemas/matching.js';
import { UserSchema } from '../schemas/users.js';
import { attendanceHistory } from '../storage/attendance.js';
import { lastScoredSessions } from '../storage/attendance-score.js';
import { updateSettings } from '../storage/preferences.js';
import { signUpBody } from './users.js';

/** PATCH /v1/me: name, time zone and the matching settings of SPEC §7; a field left out keeps its value. */
export const settingsBody = z.strictObject({
  name: signUpBody.shape.name.optional(),
  timezone: signUpBody.shape.timezone.removeDefault().optional(),
  ...settingsFields,
});

const me = defineRoute({
  method: 'get', path: '/', summary: 'The signed-in user', security: bearer,
  responses: { 200: json(UserSchema, 'OK') },
});

const changeMe = defineRoute({
  method: 'patch', path: '/', summary: 'Change your name, time zone and matching settings', security: bearer,
  description: 'matchWith is read when pairing happens (switching to anyone pairs your waiting sessions at once); activity and quiet are the defaults of your next bookings.',
  request: { body: jsonBody(settingsBody) },
  responses: { 200: json(UserSchema, 'OK') },
});

const stats = defineRoute({
  method: 'get', path: '/stats', security: bearer,
  summary: 'Sessions completed, minutes focused, the last 12 weeks, streaks of days (in your time zone), attendance score, no-shows and late cancels',
  responses: { 200: json(StatsSchema, 'OK') },
});

export const meRoutes = router()
  .openapi(me, (c) => c.json(c.var.user, 200))
  .openapi(changeMe, async (c) => {
    const { db, clock } = c.var.deps;
    return c.json(await updateSettings(db, c.var.user.id, c.req.valid('json'), clock.now()), 200);
  })
  .openapi(stats, async (c) => {
    const { db, clock } = c.var.deps;
    const { id, timezone } = c.var.user;
    const now = clock.now();
    const history = await attendanceHistory(db, id, now);
    const { scored, score } = attendanceScore(await lastScoredSessions(db, id, now));
    return c.json({
      completed: history.completed.length,
      minutesFocused: history.completed.reduce((sum, session) => sum + session.duration, 0),
      weeks: weeklyCounts(history.completed, timezone, now),
      streak: streaksOf(history.completed, timezone, now),
      score,
      scoredSessions: scored,
      noShows: history.noShows,
      lateCancels: history.lateCancels,
    }, 200);
  });
