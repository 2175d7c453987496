import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.js';
import { requireUser } from '../auth.js';
import { clientAddressHash } from '../client-address.js';
import { passwordsOf } from '../password-queue.js';
import { unauthorized } from '../problems.js';
import { rateLimited } from '../rate-limited.js';
import { DECOY_PASSWORD_HASH, newToken, sha256 } from '../secrets.js';
import { admitLoginAttempt, completeLogIn, withdrawLoginAttempt, type Admission } from '../storage/login-attempts.js';
import { deleteToken, findUserWithPassword } from '../storage/users.js';
import { freeText, readJsonBody } from '../validation.js';
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

export const tokenRoutes = new Hono<AppEnv>()
  .post('/', async (c) => {
    const input = await readJsonBody(c, logInBody);
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
    const token = newToken();
    await completeLogIn(db, attempt, found.user.id, { hash: sha256(token), label: input.label ?? null }, clock.now());
    return c.json({ user: found.user, token }, 201);
  })
  .delete('/current', requireUser, async (c) => {
    await deleteToken(c.var.deps.db, c.var.user.id, c.var.tokenHash, c.var.deps.clock.now());
    return c.body(null, 204);
  });
