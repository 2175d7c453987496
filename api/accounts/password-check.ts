import type { Context } from 'hono';
import type { AppEnv } from '../config/app-env.js';
import { clientAddressHash } from './client-address.js';
import { passwordsOf } from './password-queue.js';
import type { Problem } from '../http/problems.js';
import { reportRateLimit } from '../http/rate-limit-answer.js';
import { rateLimited } from '../http/rate-limited.js';
import { admitLoginAttempt, withdrawLoginAttempt, type Admission, type LoginAttempt } from '../storage/login-attempts.js';

/**
 * Every place that checks a password for an email goes through the log-in throttle (SECURITY.md):
 * the attempt is counted before the check, so a stolen token cannot be used to guess the
 * password at PATCH or DELETE /v1/me any faster than at log-in.
 */
export function throttleRefusal(admission: Extract<Admission, { admitted: false }>, now: Date): Problem {
  const retryAt = admission.retryAt.toISOString();
  const detail = admission.scope === 'address'
    ? `Too many wrong passwords for this email; try again after ${retryAt}.`
    : `Too many wrong passwords for this email from many addresses; log in from a device you used before, or try again after ${retryAt}.`;
  return rateLimited('too-many-login-attempts', 'Too many failed log-ins', detail, admission.use, now);
}

export function loginAttemptOf(c: Context<AppEnv>, email: string): LoginAttempt {
  return { email, addressHash: clientAddressHash(c) ?? 'no-address' };
}

/** Counts the attempt, then checks the password; a check that never ran (a full queue) is withdrawn. */
export async function checkPasswordThrottled(c: Context<AppEnv>, attempt: LoginAttempt, password: string, storedHash: string): Promise<boolean> {
  const { db, clock } = c.get('deps');
  const admission = await admitLoginAttempt(db, attempt, clock.now());
  if (!admission.admitted) throw throttleRefusal(admission, clock.now());
  // What the answer's RateLimit fields say: a wrong password counted, while a right one (which
  // its callers take back) and a check that never ran (taken back here) leave the count as it was.
  const untaken = { ...admission.use, hits: admission.use.hits - 1 };
  const right = await passwordsOf(c.get('deps'))
    .verify(password, storedHash)
    .catch(async (error: unknown) => {
      await withdrawLoginAttempt(db, attempt);
      reportRateLimit(c, untaken, clock.now());
      throw error;
    });
  reportRateLimit(c, right ? untaken : admission.use, clock.now());
  return right;
}
