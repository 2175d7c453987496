import type { RequestCheck } from '../config/app-env.js';
import { Problem } from '../http/problems.js';
import { isAdmin } from '../storage/admins.js';
import { isVerifiedAmong } from '../storage/mail-accounts.js';

const notAdmin = new Problem(403, 'admins-only', 'Admins only',
  'This route is for the server\'s admins, whom its operator grants with `cowork admin grant <email> --db <path|url>`.');

/** COWORK_ADMINS counts only on a server that sends mail, and only for an address verified by a mailed code (SPEC §16). */
async function isListedAdmin(c: Parameters<RequestCheck>[0]): Promise<boolean> {
  const { mail, db } = c.get('deps');
  return mail !== undefined && isVerifiedAmong(db, c.get('user').id, mail.admins);
}

/**
 * Runs after the bearer check and before any input is read, so someone who is not an admin
 * learns nothing from an admin route: not whether a user exists, not whether a body is valid.
 * The grant is read from the database on each request, never from an email typed at sign-up (SPEC §16).
 */
export const requireAdmin: RequestCheck = async (c) => {
  if (!(await isAdmin(c.get('deps').db, c.get('user').id)) && !(await isListedAdmin(c))) throw notAdmin;
};
