import { z } from '@hono/zod-openapi';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { checkPasswordThrottled, loginAttemptOf } from '../accounts/password-check.js';
import { unauthorized } from '../http/problems.js';
import { reportRateLimit } from '../http/rate-limit-answer.js';
import { UserWithTokenSchema } from '../schemas/users.js';
import { DECOY_PASSWORD_HASH, newToken, sha256 } from '../accounts/secrets.js';
import { completeLogIn, withdrawLoginAttempt } from '../storage/login-attempts.js';
import { logOutEverywhere } from '../storage/accounts.js';
import { suspended, suspensionOf } from '../storage/moderation.js';
import { deleteToken, findUserWithPassword } from '../storage/users.js';
import { freeText } from '../http/validation.js';
import { credentialsFields } from './users.js';

export const logInBody = z.strictObject({
  ...credentialsFields,
  password: z.string('must be a string').min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  label: freeText(100).optional(),
});

const logIn = defineRoute({
  method: 'post', path: '/', operationId: 'logIn', summary: 'Log in (create a token)',
  description: 'Answers a new token for the account. Failed attempts are throttled per email and address (5 in 15 minutes) and per account from new addresses (100 an hour); the RateLimit fields count what is left.',
  request: { body: jsonBody(logInBody) },
  responses: {
    201: json(UserWithTokenSchema, 'Created'),
    ...problem(401, 'Wrong email or password'),
    ...problem(403, 'Account suspended (said only after the right password)'),
    ...problem(429, 'Too many failed log-ins for this email from this address, or from addresses new to the account; see retryAt', { retryAfter: true }),
  },
});

const logOutAll = defineRoute({
  method: 'delete', path: '/', operationId: 'logOutEverywhere', summary: 'Log out everywhere (revoke every token, call link and the calendar feed URL)', security: bearer,
  description: 'Revokes every token of the account, this one included, every call link issued until now and the calendar feed URL.',
  responses: { 204: { description: 'Every token of yours, this one included, and every call link issued until now are revoked' } },
});

const logOut = defineRoute({
  method: 'delete', path: '/current', operationId: 'logOut', summary: 'Log out (revoke this token)', security: bearer,
  description: 'Revokes the token that made this request; other devices stay logged in.',
  responses: { 204: { description: 'Revoked' } },
});

export const tokenRoutes = router()
  .openapi(logIn, async (c) => {
    const input = c.req.valid('json');
    const { db, clock } = c.get('deps');
    const attempt = loginAttemptOf(c, input.email);
    const found = await findUserWithPassword(db, input.email);
    // Counted as a failure before the password is checked, so concurrent guesses all meet the limit.
    const passwordOk = await checkPasswordThrottled(c, attempt, input.password, found?.passwordHash ?? (await DECOY_PASSWORD_HASH));
    if (!found || !passwordOk) throw unauthorized('Wrong email or password.');
    // Only after the right password, so the refusal tells a stranger nothing.
    if (found.suspended) {
      // The right password is no failure: a suspended person asking again is not throttled for it.
      await withdrawLoginAttempt(db, attempt);
      throw suspended((await suspensionOf(db, found.user.id))!);
    }
    const token = newToken();
    const use = await completeLogIn(db, attempt, found.user.id, { hash: sha256(token), label: input.label ?? null }, clock.now());
    reportRateLimit(c, use, clock.now());
    return c.json({ user: found.user, token }, 201);
  })
  .openapi(logOutAll, async (c) => {
    await logOutEverywhere(c.get('deps').db, c.get('user').id, c.get('deps').clock.now());
    return c.body(null, 204);
  })
  .openapi(logOut, async (c) => {
    await deleteToken(c.get('deps').db, c.get('user').id, c.get('tokenHash'), c.get('deps').clock.now());
    return c.body(null, 204);
  });
