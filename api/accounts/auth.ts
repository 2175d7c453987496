import type { RequestCheck } from '../config/app-env.js';
import { unauthorized } from '../http/problems.js';
import { sha256 } from './secrets.js';
import { findUserByTokenHash } from '../storage/users.js';

// Built once: a flood of requests without a valid token costs no more than it must.
const noToken = unauthorized('Send "Authorization: Bearer <token>"; get a token by signing up or logging in.');
const unknownToken = unauthorized('This token is unknown or has been revoked; log in again.');

/** Resolves `Authorization: Bearer <token>` to the signed-in user, or answers 401. */
export const requireUser: RequestCheck = async (c) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw noToken;
  const tokenHash = sha256(match[1]!);
  const user = await findUserByTokenHash(c.get('deps').db, tokenHash);
  if (!user) throw unknownToken;
  c.set('user', user);
  c.set('tokenHash', tokenHash);
};
