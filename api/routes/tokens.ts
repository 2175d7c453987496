import { z } from 'zod';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../openapi.js';
import { Problem, unauthorized } from '../problems.js';
import { UserWithTokenSchema } from '../schemas/users.js';
import { DECOY_PASSWORD_HASH, newToken, sha256, verifyPassword } from '../secrets.js';
import { clearLoginFailures, loginLockedUntil, recordLoginFailure } from '../storage/login-failures.js';
import { createToken, deleteToken, findUserWithPassword } from '../storage/users.js';
import { freeText } from '../validation.js';
import { credentialsFields } from './users.js';

export const logInBody = z.strictObject({
  ...credentialsFields,
  password: z.string('must be a string').min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  label: freeText(100).optional(),
});

const tooManyAttempts = (until: Date, now: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new Problem(429, 'too-many-login-attempts', 'Too many failed log-ins',
    `Too many wrong passwords for this email; try again after ${until.toISOString()}.`, {}, { 'Retry-After': String(seconds) });
};

const logIn = defineRoute({
  method: 'post', path: '/', summary: 'Log in (create a token)',
  request: { body: jsonBody(logInBody) },
  responses: {
    201: json(UserWithTokenSchema, 'Created'),
    ...problem(401, 'Wrong email or password'),
    ...problem(429, 'Too many failed log-ins for this email; see Retry-After', { retryAfter: true }),
  },
});

const logOut = defineRoute({
  method: 'delete', path: '/current', summary: 'Log out (revoke this token)', security: bearer,
  responses: { 204: { description: 'Revoked' } },
});

export const tokenRoutes = router()
  .openapi(logIn, async (c) => {
    const input = c.req.valid('json');
    const { db, clock } = c.var.deps;
    const lockedUntil = await loginLockedUntil(db, input.email, clock.now());
    if (lockedUntil) throw tooManyAttempts(lockedUntil, clock.now());
    const found = await findUserWithPassword(db, input.email);
    const passwordOk = await verifyPassword(input.password, found?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!found || !passwordOk) {
      await recordLoginFailure(db, input.email, clock.now());
      throw unauthorized('Wrong email or password.');
    }
    await clearLoginFailures(db, input.email);
    const token = newToken();
    await createToken(db, found.user.id, sha256(token), input.label ?? null, clock.now());
    return c.json({ user: found.user, token }, 201);
  })
  .openapi(logOut, async (c) => {
    await deleteToken(c.var.deps.db, c.var.tokenHash);
    return c.body(null, 204);
  });
