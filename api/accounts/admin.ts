import type { RequestCheck } from '../config/app-env.js';
import { Problem } from '../http/problems.js';
import { isAdmin } from '../storage/admins.js';

const notAdmin = new Problem(403, 'admins-only', 'Admins only',
  'This route is for the server\'s admins, whom its operator grants with `cowork admin grant <email> --db <path|url>`.');

/**
 * Runs after the bearer check and before any input is read, so someone who is not an admin
 * learns nothing from an admin route: not whether a user exists, not whether a body is valid.
 * The grant is read from the database on each request, never from the email (SPEC §16).
 */
export const requireAdmin: RequestCheck = async (c) => {
  if (!(await isAdmin(c.get('deps').db, c.get('user').id))) throw notAdmin;
};
