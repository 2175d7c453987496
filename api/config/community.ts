import type { AppDeps } from './app-env.js';
import { ConfigError } from './config.js';

/** Who may join this server (SPEC §8, README "Running a community"). Its admins are in the database (SPEC §16). */
export interface Community {
  /** COWORK_SIGNUP: `open` lets anyone sign up; `invite` needs a code from an admin. */
  signup: 'open' | 'invite';
}

export const OPEN_COMMUNITY: Community = { signup: 'open' };

export const communityOf = (deps: AppDeps): Community => deps.community ?? OPEN_COMMUNITY;

export function resolveCommunity(env: NodeJS.ProcessEnv): Community {
  const signup = env.COWORK_SIGNUP || 'open';
  if (signup !== 'open' && signup !== 'invite') {
    throw new ConfigError(`COWORK_SIGNUP must be open or invite, not "${signup}".`);
  }
  refuseUnverifiableAdmins(adminEmails(env));
  return { signup };
}

/** COWORK_ADMINS, lower-cased: the emails whose accounts it names as admins. */
function adminEmails(env: NodeJS.ProcessEnv): string[] {
  const emails = (env.COWORK_ADMINS ?? '').split(',').map((email) => email.trim().toLowerCase()).filter(Boolean);
  const malformed = emails.find((email) => !/^[^@\s]+@[^@\s]+$/.test(email));
  if (malformed) throw new ConfigError(`COWORK_ADMINS must be a comma-separated list of emails; "${malformed}" is not one.`);
  return emails;
}

/**
 * COWORK_ADMINS may grant rights only to accounts whose address was verified by mail (SPEC §16);
 * this server sends no mail, so no address is verified, and honouring the list would make an admin
 * of whoever signs up first with one of its emails.
 */
function refuseUnverifiableAdmins(emails: string[]): void {
  if (emails.length === 0) return;
  throw new ConfigError(
    'COWORK_ADMINS needs addresses verified by mail, and this server sends none: anyone could sign up with those emails. '
    + 'Remove COWORK_ADMINS and grant each admin, on the database the server uses: cowork admin grant <email> --db <path|url>',
  );
}
