import type { RequestCheck } from './app-env.js';
import { communityOf, isAdminEmail } from './community.js';
import { Problem } from './problems.js';

const notAdmin = new Problem(403, 'admins-only', 'Admins only', 'This route is for the server\'s admins (COWORK_ADMINS).');

/**
 * Runs after the bearer check and before any input is read, so someone who is not an admin
 * learns nothing from an admin route: not whether a user exists, not whether a body is valid.
 */
export const requireAdmin: RequestCheck = (c) => {
  if (!isAdminEmail(communityOf(c.get('deps')), c.get('user').email)) throw notAdmin;
};
