import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../config/app-env.js';
import { attendanceScore } from '../domain/attendance.js';
import { streaksOf, weeklyCounts } from '../domain/stats.js';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { checkPasswordThrottled, loginAttemptOf } from '../accounts/password-check.js';
import { passwordsOf } from '../accounts/password-queue.js';
import { Problem } from '../http/problems.js';
import { StatsSchema } from '../schemas/attendance.js';
import { settingsFields } from '../schemas/matching.js';
import { UserSchema } from '../schemas/users.js';
import { changePassword, deleteAccount, passwordHashOf } from '../storage/accounts.js';
import { withdrawLoginAttempt } from '../storage/login-attempts.js';
import { attendanceHistory } from '../storage/attendance.js';
import { lastScoredSessions } from '../storage/attendance-score.js';
import { updateSettings } from '../storage/preferences.js';
import { credentialsFields, signUpBody } from './users.js';

const currentPassword = z.string('must be a string').min(1, 'must not be empty').max(1024, 'must be at most 1024 characters');

/**
 * PATCH /v1/me: name, time zone, the matching settings of SPEC §7 and the password (which needs
 * the current one); a field left out keeps its value.
 */
export const settingsBody = z
  .strictObject({
    name: signUpBody.shape.name.optional(),
    timezone: signUpBody.shape.timezone.removeDefault().optional(),
    ...settingsFields,
    password: credentialsFields.password.optional(),
    currentPassword: currentPassword.optional(),
  })
  .refine((body) => body.password === undefined || body.currentPassword !== undefined, {
    path: ['currentPassword'], message: 'is required to change the password',
  });

const deleteMeBody = z.strictObject({ password: currentPassword });

const wrongPassword = new Problem(403, 'wrong-password', 'Wrong password', 'The current password is not right; nothing was changed.');

export async function assertPassword(c: Context<AppEnv>, password: string): Promise<void> {
  const attempt = loginAttemptOf(c, c.get('user').email);
  const storedHash = await passwordHashOf(c.get('deps').db, c.get('user').id);
  if (!(await checkPasswordThrottled(c, attempt, password, storedHash))) throw wrongPassword;
  // The right password is no failure: take this attempt off the counters again.
  await withdrawLoginAttempt(c.get('deps').db, attempt);
}

const me = defineRoute({
  method: 'get', path: '/', operationId: 'getMe', summary: 'The signed-in user', security: bearer,
  description: 'Your name, email, time zone and matching settings (matchWith, activity, quiet).',
  responses: { 200: json(UserSchema, 'OK') },
});

const changeMe = defineRoute({
  method: 'patch', path: '/', operationId: 'updateMe', summary: 'Change your name, time zone, matching settings or password', security: bearer,
  description: 'matchWith is read when pairing happens (switching to anyone pairs your waiting sessions at once); activity, quiet and languages are the defaults of your next bookings. A new password needs currentPassword (400 naming it when missing, 403 when wrong); it revokes every other token of yours, every call link issued until now and your calendar feed URL (this token keeps working; GET /v1/me/calendar gives a new URL).',
  request: { body: jsonBody(settingsBody) },
  responses: {
    200: json(UserSchema, 'OK'),
    ...problem(403, 'currentPassword is wrong (nothing changed)'),
    ...problem(429, 'Too many wrong passwords: the log-in throttle counts these checks too; see retryAt', { retryAfter: true }),
  },
});

const deleteMe = defineRoute({
  method: 'delete', path: '/', operationId: 'deleteAccount', summary: 'Delete your account', security: bearer,
  description: 'Cancels your future sessions (partners are re-paired at once), revokes every token, call link and the calendar feed URL, and removes your name, email, password, tasks and notes; past partners see "a former member". The email can sign up again.',
  request: { body: jsonBody(deleteMeBody) },
  responses: {
    204: { description: 'Deleted' },
    ...problem(403, 'password is wrong'),
    ...problem(429, 'Too many wrong passwords: the log-in throttle counts these checks too; see retryAt', { retryAfter: true }),
  },
});

const stats = defineRoute({
  method: 'get', path: '/stats', operationId: 'getStats', security: bearer,
  description: 'Counted in your time zone; the attendance score is the share of your last scored sessions you attended (on time or late; a late cancel counts as missed), null until there is one.',
  summary: 'Sessions completed, minutes focused, the last 12 weeks, streaks of days (in your time zone), attendance score, no-shows and late cancels',
  responses: { 200: json(StatsSchema, 'OK') },
});

export const meRoutes = router()
  .openapi(me, (c) => c.json(c.get('user'), 200))
  .openapi(changeMe, async (c) => {
    const { password, currentPassword: current, ...settings } = c.req.valid('json');
    const deps = c.get('deps');
    if (password !== undefined) {
      await assertPassword(c, current!);
      const passwordHash = await passwordsOf(deps).hash(password);
      await changePassword(deps.db, c.get('user').id, passwordHash, c.get('tokenHash'), deps.clock.now());
    }
    return c.json(await updateSettings(deps.db, c.get('user').id, settings, deps.clock.now()), 200);
  })
  .openapi(deleteMe, async (c) => {
    const deps = c.get('deps');
    await assertPassword(c, c.req.valid('json').password);
    await deleteAccount(deps.db, c.get('user').id, deps.clock.now());
    return c.body(null, 204);
  })
  .openapi(stats, async (c) => {
    const { db, clock } = c.get('deps');
    const { id, timezone } = c.get('user');
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
