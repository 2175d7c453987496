import { z } from 'zod';
import { clientAddressHash } from '../client-address.js';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../openapi.js';
import { passwordsOf } from '../password-queue.js';
import { unauthorized } from '../problems.js';
import { rateLimited } from '../rate-limited.js';
import { UserWithTokenSchema } from '../schemas/users.js';
import { DECOY_PASSWORD_HASH, newToken, sha256 } from '../secrets.js';
import { admitLoginAttempt, completeLogIn, withdrawLoginAttempt, type Admission } from '../storage/login-attempts.js';
import { logOutEverywhere } from '../storage/accounts.js';
import { suspended, suspensionOf } from '../storage/moderation.js';
import { deleteToken, findUserWithPassword } from '../storage/users.js';
import { freeText } from '../validation.js';
import { credentialsFields } from './users.js';

export const logInBody = z.strictObject({
  ...credentialsFields,
  password: z.string('must be a string').min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  label: freeText(100).optional(),
});

function refusal(admission: Extract<Admission, { admitted: false }>, now: Date) {
  const retryAt = admission.retryAt.toISOString();
  const detail = admission.scope === 'address'
    ? `Too many wrong passwords for this email; try again after ${retryAt}.`
    : `Too many wrong passwords for this email from many addresses; log in from a device you used before, or try again after ${retryAt}.`;
  return rateLimited('too-many-login-attempts', 'Too many failed log-ins', detail, admission.retryAt, now);
}

const logIn = defineRoute({
  method: 'post', path: '/', summary: 'Log in (create a token)',
  request: { body: jsonBody(logInBody) },
  responses: {
    201: json(UserWithTokenSchema, 'Created'),
    ...problem(401, 'Wrong email or password'),
    ...problem(403, 'Account suspended (said only after the right password)'),
    ...problem(429, 'Too many failed log-ins for this email from this address, or from addresses new to the account; see retryAt', { retryAfter: true }),
  },
});

const logOutAll = defineRoute({
  method: 'delete', path: '/', summary: 'Log out everywhere (revoke every token and call link)', security: bearer,
  responses: { 204: { description: 'Every token of yours, this one included, and every call link issued until now are revoked' } },
});

const logOut = defineRoute({
  method: 'delete', path: '/current', summary: 'Log out (revoke this token)', security: bearer,
  responses: { 204: { description: 'Revoked' } },
});

export const tokenRoutes = router()
  .openapi(logIn, async (c) => {
    const input = c.req.valid('json');
    const { db, clock } = c.var.deps;
    const attempt = { email: input.email, addressHash: clientAddressHash(c) ?? 'no-address' };
    // Counted as a failure before the password is checked, so concurrent guesses all meet the limit.
    const admission = await admitLoginAttempt(db, attempt, clock.now());
    if (!admission.admitted) throw refusal(admission, clock.now());
    const found = await findUserWithPassword(db, input.email);
    const passwordOk = await passwordsOf(c.var.deps)
      .verify(input.password, found?.passwordHash ?? DECOY_PASSWORD_HASH)
      .catch(async (error: unknown) => {
        // The password was never checked (a full queue answers 503): it must not count as a failure.
        await withdrawLoginAttempt(db, attempt);
        throw error;
      });
    if (!found || !passwordOk) throw unauthorized('Wrong email or password.');
    // Only after the right password, so the refusal tells a stranger nothing.
    if (found.suspended) {
      // The right password is no failure: a suspended person asking again is not throttled for it.
      await withdrawLoginAttempt(db, attempt);
      throw suspended((await suspensionOf(db, found.user.id))!);
    }
    const token = newToken();
    await completeLogIn(db, attempt, found.user.id, { hash: sha256(token), label: input.label ?? null }, clock.now());
    return c.json({ user: found.user, token }, 201);
  })
  .openapi(logOutAll, async (c) => {
    await logOutEverywhere(c.var.deps.db, c.var.user.id, c.var.deps.clock.now());
    return c.body(null, 204);
  })
  .openapi(logOut, async (c) => {
    await deleteToken(c.var.deps.db, c.var.user.id, c.var.tokenHash, c.var.deps.clock.now());
    return c.body(null, 204);
  });
