import { z } from 'zod';
import { defineRoute, json, jsonBody, problem, router } from '../openapi.js';
import { conflict } from '../problems.js';
import { UserWithTokenSchema } from '../schemas/users.js';
import { hashPassword, newId, newToken, sha256 } from '../secrets.js';
import { createUserWithToken } from '../storage/users.js';
import { emailAddress, freeText } from '../validation.js';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const credentialsFields = {
  email: emailAddress,
  password: z.string('must be a string').min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters'),
};

export const signUpBody = z.strictObject({
  name: freeText(100).min(1, 'must not be empty'),
  ...credentialsFields,
  timezone: z.string('must be a string').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC'),
});

const signUp = defineRoute({
  method: 'post', path: '/', summary: 'Sign up',
  request: { body: jsonBody(signUpBody) },
  responses: { 201: json(UserWithTokenSchema, 'Created'), ...problem(409, 'Email already registered') },
});

export const userRoutes = router().openapi(signUp, async (c) => {
  const input = c.req.valid('json');
  const { db, clock } = c.var.deps;
  const user = { id: newId(), name: input.name, email: input.email, timezone: input.timezone };
  const token = newToken();
  const created = await createUserWithToken(db, { ...user, passwordHash: await hashPassword(input.password) }, sha256(token), clock.now());
  if (!created) throw conflict('email-taken', 'Email already registered', `${input.email} already has an account; log in instead.`);
  return c.json({ user, token }, 201);
});
