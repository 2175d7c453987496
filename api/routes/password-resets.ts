import type { Context } from 'hono';
import type { AppEnv } from '../config/app-env.js';
import { clientAddressHash } from '../accounts/client-address.js';
import { passwordsOf } from '../accounts/password-queue.js';
import { defineRoute, jsonBody, problem, router } from '../http/openapi.js';
import { Problem } from '../http/problems.js';
import { reportRateLimit } from '../http/rate-limit-answer.js';
import { rateLimited } from '../http/rate-limited.js';
import { codeHash } from '../mail/codes.js';
import { mailOn, serverName } from '../mail/mail-off.js';
import { queueReset } from '../mail/verification.js';
import { MAIL_TAG, resetConfirmBody, resetRequestBody } from '../schemas/mail.js';
import { resetPassword } from '../storage/accounts.js';
import { accountThrottleKey } from '../storage/login-attempts.js';
import { markVerified } from '../storage/mail-accounts.js';
import { spendCode } from '../storage/mail-codes.js';
import { takeFromWindow, type RateWindow } from '../storage/rate-limits.js';
import { findUserWithPassword } from '../storage/users.js';

/** Password reset by a code mailed to the account's address (SPEC §14). */
const HOUR = 60 * 60_000;
const REQUESTS_PER_ADDRESS = { limit: 10, windowMs: HOUR };
const REQUESTS_PER_EMAIL = { limit: 5, windowMs: HOUR };
const CONFIRMS_PER_ADDRESS = { limit: 20, windowMs: HOUR };

const requestReset = defineRoute({
  method: 'post', path: '/', summary: 'Mail a password reset code to this address, if an account has it',
  operationId: 'requestPasswordReset', tags: MAIL_TAG,
  description: 'Always 202, whether or not an account has the address, so the answer tells nobody who has an account. The code works once, for 30 minutes; a new request replaces it.',
  request: { body: jsonBody(resetRequestBody) },
  responses: {
    202: { description: 'If an account has this address, a code is on its way' },
    ...problem(409, 'mail-off: this server sends no mail'),
    ...problem(429, 'Too many requests from this client address, or for this email; see retryAt', { retryAfter: true }),
  },
});

const confirmReset = defineRoute({
  method: 'post', path: '/confirm', summary: 'Set a new password with the mailed code; every token and call link is revoked',
  operationId: 'confirmPasswordReset', tags: MAIL_TAG,
  request: { body: jsonBody(resetConfirmBody) },
  responses: {
    204: { description: 'Password set; every token, call link and the calendar feed URL of the account are revoked. Log in with the new password.' },
    ...problem(403, 'invalid-code: wrong, used or expired, or no account has this address (the same answer)'),
    ...problem(409, 'mail-off: this server sends no mail'),
    ...problem(429, 'Too many tries from this client address; see retryAt', { retryAfter: true }),
  },
});

const MAIL_OFF_INSTEAD = 'If you are still logged in somewhere, change the password there with `cowork passwd`; otherwise ask the server\'s operator, who can turn mail on (README "Mail").';

const invalidCode = new Problem(403, 'invalid-code', 'Code not valid',
  'This code is wrong, used or expired, or is not for this address (a code is void after 5 wrong tries). Ask for a new one: cowork reset-password.');

/** Counts the request in `window`; the RateLimit fields report the client address's window, the one a client can see itself use. */
async function admit(c: Context<AppEnv>, window: RateWindow, what: string, report = false): Promise<void> {
  const { db, clock } = c.get('deps');
  const now = clock.now();
  const { admitted, use } = await takeFromWindow(db, window, now);
  if (!admitted) throw rateLimited('too-many-resets', 'Too many password resets', `${what}; try again after ${use.resetsAt.toISOString()}.`, use, now);
  if (report) reportRateLimit(c, use, now);
}

/** Counted per client address (none in-process) and, for requests, per email under its keyed hash, whether or not an account has it. */
async function admitByAddress(c: Context<AppEnv>, bucket: string, limit: { limit: number; windowMs: number }): Promise<void> {
  const addressHash = clientAddressHash(c);
  if (addressHash !== null) await admit(c, { bucket, key: addressHash, ...limit }, `This client address asked ${limit.limit} times in the last hour`, true);
}

export const passwordResetRoutes = router()
  .openapi(requestReset, async (c) => {
    const deps = c.get('deps');
    mailOn(deps, MAIL_OFF_INSTEAD);
    const { email } = c.req.valid('json');
    await admitByAddress(c, 'reset-request', REQUESTS_PER_ADDRESS);
    await admit(c, { bucket: 'reset-email', key: await accountThrottleKey(deps.db, email), ...REQUESTS_PER_EMAIL }, `${REQUESTS_PER_EMAIL.limit} codes were asked for this address in the last hour`);
    const found = await findUserWithPassword(deps.db, email);
    const now = deps.clock.now();
    if (found) {
      await deps.db.write((tx) => queueReset(tx, found.user, found.user.email, serverName(deps), now));
      deps.mailQueued?.();
    }
    return c.body(null, 202);
  })
  .openapi(confirmReset, async (c) => {
    const deps = c.get('deps');
    mailOn(deps, MAIL_OFF_INSTEAD);
    const input = c.req.valid('json');
    await admitByAddress(c, 'reset-confirm', CONFIRMS_PER_ADDRESS);
    const found = await findUserWithPassword(deps.db, input.email);
    if (!found) throw invalidCode;
    const passwordHash = await passwordsOf(deps).hash(input.password);
    const now = deps.clock.now();
    const { id } = found.user;
    const spent = await spendCode(deps.db, id, 'reset', codeHash(id, 'reset', input.code), now, async (tx, email) => {
      await resetPassword(tx, id, passwordHash, now);
      // The code reached this address, so it is the person's.
      await markVerified(tx, id, email, now);
    });
    if (spent === 'no-code' || spent === 'wrong-code') throw invalidCode;
    return c.body(null, 204);
  });
