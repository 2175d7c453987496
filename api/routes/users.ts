import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../config/app-env.js';
import { clientAddressHash } from '../accounts/client-address.js';
import { DEFAULT_SETTINGS } from '../domain/compatibility.js';
import { limitsOf } from '../config/limits.js';
import { defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { passwordsOf } from '../accounts/password-queue.js';
import { communityOf } from '../config/community.js';
import { conflict, Problem } from '../http/problems.js';
import { reportRateLimit } from '../http/rate-limit-answer.js';
import { rateLimited } from '../http/rate-limited.js';
import { UserWithTokenSchema } from '../schemas/users.js';
import { newId, newToken, sha256 } from '../accounts/secrets.js';
import { takeFromWindow } from '../storage/rate-limits.js';
import { createUserWithToken } from '../storage/users.js';
import type { WriteTx } from '../storage/engine/database.js';
import { serverName } from '../mail/mail-off.js';
import { queueVerification } from '../mail/verification.js';
import { emailAddress, freeText, newPassword, timeZoneName } from '../http/validation.js';

export const credentialsFields = {
  email: emailAddress,
  password: newPassword,
};

export const signUpBody = z.strictObject({
  name: freeText(100).min(1, 'must not be empty'),
  ...credentialsFields,
  timezone: timeZoneName.default('UTC'),
  invite: z.string('must be a string').min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});

const signUp = defineRoute({
  method: 'post', path: '/', operationId: 'signUp', summary: 'Sign up',
  description: 'Creates the account and answers a token, as log-in does. Limited per client address (COWORK_SIGNUPS_PER_HOUR); the RateLimit fields count down. On a server that sends mail (COWORK_SMTP_URL), a code that verifies the address is mailed to it; send it to POST /v1/me/mail/verification.',
  request: { body: jsonBody(signUpBody) },
  responses: {
    201: json(UserWithTokenSchema, 'Created'),
    ...problem(403, 'COWORK_SIGNUP=invite: the invite code is missing, unknown, used or expired'),
    ...problem(409, 'Email already registered'),
    ...problem(429, 'Too many sign-ups from this address in the last hour (COWORK_SIGNUPS_PER_HOUR); see retryAt', { retryAfter: true }),
  },
});

export const userRoutes = router().openapi(signUp, async (c) => {
  const input = c.req.valid('json');
  const { db, clock } = c.get('deps');
  await admitSignUp(c, clock.now());
  const inviteHash = inviteToSpend(c, input);
  const account = { id: newId(), name: input.name, email: input.email, timezone: input.timezone };
  const token = newToken();
  const passwordHash = await passwordsOf(c.get('deps')).hash(input.password);
  const { mail } = c.get('deps');
  // With mail on, the code that verifies the address is queued in the sign-up's own transaction.
  const verification = mail ? (tx: WriteTx) => queueVerification(tx, account, account.email, serverName(c.get('deps')), clock.now()) : undefined;
  const created = await createUserWithToken(db, { ...account, passwordHash }, sha256(token), clock.now(), inviteHash, verification);
  if (!created) throw conflict('email-taken', 'Email already registered', `${input.email} already has an account; log in instead.`);
  if (verification) c.get('deps').mailQueued?.();
  return c.json({ user: { ...account, ...DEFAULT_SETTINGS }, token }, 201);
});

/** The hash of the invite this sign-up spends: none on an open server; on an invite-only one, everyone spends one. */
function inviteToSpend(c: Context<AppEnv>, input: { invite?: string | undefined }): string | null {
  if (communityOf(c.get('deps')).signup === 'open') return null;
  if (input.invite === undefined) {
    throw new Problem(403, 'invite-required', 'Invite required', 'This server signs up people with an invite code (COWORK_SIGNUP=invite); ask its admins for one and send it as "invite".');
  }
  return sha256(input.invite);
}

/** Counts the sign-up against its client address before any hashing; 429 once the hour's allowance is used. */
async function admitSignUp(c: Context<AppEnv>, now: Date): Promise<void> {
  const addressHash = clientAddressHash(c);
  // In-process requests have no socket and so no address to key on.
  if (addressHash === null) return;
  const { signupsPerHour } = limitsOf(c.get('deps'));
  const window = { bucket: 'signup', key: addressHash, limit: signupsPerHour, windowMs: 60 * 60_000 };
  const { admitted, use } = await takeFromWindow(c.get('deps').db, window, now);
  if (!admitted) {
    throw rateLimited('too-many-sign-ups', 'Too many sign-ups',
      `This address has made ${signupsPerHour} sign-ups in the last hour; try again after ${use.resetsAt.toISOString()}.`, use, now);
  }
  reportRateLimit(c, use, now);
}
