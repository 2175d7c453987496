import type { Context } from 'hono';
import type { AppEnv } from '../config/app-env.js';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { Problem } from '../http/problems.js';
import { reportRateLimit } from '../http/rate-limit-answer.js';
import { rateLimited } from '../http/rate-limited.js';
import { codeHash } from '../mail/codes.js';
import { mailOn, serverName } from '../mail/mail-off.js';
import { queueVerification } from '../mail/verification.js';
import { changeEmailBody, MAIL_TAG, mailSettingsBody, MailSettingsSchema, verifyBody } from '../schemas/mail.js';
import { changeNotices, emailTaken, isVerified, mailStatus, markVerified } from '../storage/mail-accounts.js';
import { spendCode } from '../storage/mail-codes.js';
import { takeFromWindow } from '../storage/rate-limits.js';
import { assertPassword } from './me.js';

/** A person's mail (SPEC §14): the address and its verification, a change of address, the notices. */
const settings = defineRoute({
  method: 'get', path: '/', summary: 'Your address, whether it is verified, and the mail notices you asked for', security: bearer,
  operationId: 'getMailSettings', tags: MAIL_TAG,
  responses: { 200: json(MailSettingsSchema, 'OK') },
});

const changeSettings = defineRoute({
  method: 'patch', path: '/', summary: 'Turn mail reminders and match notices on or off', security: bearer,
  operationId: 'updateMailSettings', tags: MAIL_TAG,
  description: 'Notices go only to a verified address. Each carries List-Unsubscribe and one-click List-Unsubscribe-Post (RFC 8058).',
  request: { body: jsonBody(mailSettingsBody) },
  responses: {
    200: json(MailSettingsSchema, 'OK'),
    ...problem(409, 'mail-off: this server sends no mail; email-unverified: verify your address first'),
  },
});

const verify = defineRoute({
  method: 'post', path: '/verification', summary: 'Verify your address (or a new one) with the code mailed to it', security: bearer,
  operationId: 'verifyEmail', tags: MAIL_TAG,
  request: { body: jsonBody(verifyBody) },
  responses: {
    200: json(MailSettingsSchema, 'Verified; a new address now replaces the old one'),
    ...problem(403, 'invalid-code: wrong, used or expired (after 5 wrong tries a code is void)'),
    ...problem(409, 'mail-off: this server sends no mail; email-taken: the new address belongs to another account now'),
  },
});

const resend = defineRoute({
  method: 'post', path: '/verification-code', summary: 'Mail a new verification code (to the address waiting for one, else your own)', security: bearer,
  operationId: 'resendVerificationCode', tags: MAIL_TAG,
  responses: {
    202: json(MailSettingsSchema, 'A new code is on its way; the last one no longer works'),
    ...problem(409, 'mail-off: this server sends no mail; already-verified: nothing waits for a code'),
    ...problem(429, 'At most 5 codes an hour; see retryAt', { retryAfter: true }),
  },
});

const changeEmail = defineRoute({
  method: 'post', path: '/address', summary: 'Change your address: a code goes to the new one, which replaces the old once verified', security: bearer,
  operationId: 'changeEmail', tags: MAIL_TAG,
  request: { body: jsonBody(changeEmailBody) },
  responses: {
    202: json(MailSettingsSchema, 'A code is on its way to the new address (pendingEmail); the account keeps its address until it is verified'),
    ...problem(403, 'currentPassword is wrong (nothing changed)'),
    ...problem(409, 'mail-off: this server sends no mail; email-taken: another account has that address'),
    ...problem(429, 'At most 5 codes an hour, or too many wrong passwords; see retryAt', { retryAfter: true }),
  },
});

const invalidCode = new Problem(403, 'invalid-code', 'Code not valid',
  'This code is wrong, used or expired (a code is void after 5 wrong tries). Ask for a new one: cowork verify --resend.');

/** At most CODES_PER_HOUR codes mailed to one person: nobody fills an inbox through this server. */
const CODES_PER_HOUR = 5;

async function admitCode(c: Context<AppEnv>): Promise<void> {
  const { db, clock } = c.get('deps');
  const now = clock.now();
  const { admitted, use } = await takeFromWindow(db, { bucket: 'mail-code', key: c.get('user').id, limit: CODES_PER_HOUR, windowMs: 60 * 60_000 }, now);
  if (!admitted) throw rateLimited('too-many-codes', 'Too many codes', `${CODES_PER_HOUR} codes were mailed to you in the last hour; ask again after ${use.resetsAt.toISOString()}.`, use, now);
  reportRateLimit(c, use, now);
}

const status = async (c: Context<AppEnv>) => {
  const { db, clock, mail } = c.get('deps');
  return { mail: mail !== undefined, ...(await mailStatus(db, c.get('user').id, clock.now())) };
};

export const mailRoutes = router()
  .openapi(settings, async (c) => c.json(await status(c), 200))
  .openapi(changeSettings, async (c) => {
    const deps = c.get('deps');
    mailOn(deps, 'Reminders and notices by mail need it; `cowork watch` or a webhook (`cowork webhook add`) tell you of changes instead.');
    const change = c.req.valid('json');
    const turningOn = Boolean(change.reminderMinutes) || change.matches === true;
    if (turningOn && !(await isVerified(deps.db, c.get('user').id))) {
      throw new Problem(409, 'email-unverified', 'Address not verified',
        'Notices go only to a verified address; verify yours with the code mailed at sign-up (`cowork verify <code>`, or `cowork verify --resend` for a new one).');
    }
    await changeNotices(deps.db, c.get('user').id, change);
    return c.json(await status(c), 200);
  })
  .openapi(verify, async (c) => {
    const deps = c.get('deps');
    mailOn(deps, 'Nothing needs verifying on it.');
    const user = c.get('user');
    const now = deps.clock.now();
    const spent = await spendCode(deps.db, user.id, 'verify', codeHash(user.id, 'verify', c.req.valid('json').code), now, (tx, email) => markVerified(tx, user.id, email, now));
    if (spent === 'no-code' || spent === 'wrong-code') throw invalidCode;
    return c.json(await status(c), 200);
  })
  .openapi(resend, async (c) => {
    const deps = c.get('deps');
    mailOn(deps, 'Nothing needs verifying on it.');
    const current = await status(c);
    if (current.verified && current.pendingEmail === null) {
      throw new Problem(409, 'already-verified', 'Already verified', `${current.email} is verified and no new address waits for a code.`);
    }
    await admitCode(c);
    const user = c.get('user');
    const now = deps.clock.now();
    const email = current.pendingEmail ?? current.email;
    await deps.db.write((tx) => queueVerification(tx, user, email, serverName(deps), now, current.pendingEmail !== null));
    deps.mailQueued?.();
    return c.json(await status(c), 202);
  })
  .openapi(changeEmail, async (c) => {
    const deps = c.get('deps');
    mailOn(deps, 'A new address could not be verified; keep this one, or delete the account (`cowork delete-account`) and sign up with the new one.');
    const { email, currentPassword } = c.req.valid('json');
    await assertPassword(c, currentPassword);
    const user = c.get('user');
    if (email.toLowerCase() !== user.email.toLowerCase()) {
      if (await emailTaken(deps.db, email)) throw new Problem(409, 'email-taken', 'Email already registered', `${email} already has an account; choose another address.`);
    }
    await admitCode(c);
    const now = deps.clock.now();
    await deps.db.write((tx) => queueVerification(tx, user, email, serverName(deps), now, email.toLowerCase() !== user.email.toLowerCase()));
    deps.mailQueued?.();
    return c.json(await status(c), 202);
  });
