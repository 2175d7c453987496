import type { AppDeps } from './app-env.js';
import { ConfigError } from './config.js';

/** Who runs this server and who may join it (SPEC §8, README "Running a community"). */
export interface Community {
  /** COWORK_ADMINS: the emails whose accounts may moderate, lower-cased. */
  admins: ReadonlySet<string>;
  /** COWORK_SIGNUP: `open` lets anyone sign up; `invite` needs a code from an admin. */
  signup: 'open' | 'invite';
}

export const OPEN_COMMUNITY: Community = { admins: new Set(), signup: 'open' };

export const communityOf = (deps: AppDeps): Community => deps.community ?? OPEN_COMMUNITY;

export const isAdminEmail = (community: Community, email: string): boolean => community.admins.has(email.toLowerCase());

export function resolveCommunity(env: NodeJS.ProcessEnv): Community {
  const signup = env.COWORK_SIGNUP || 'open';
  if (signup !== 'open' && signup !== 'invite') {
    throw new ConfigError(`COWORK_SIGNUP must be open or invite, not "${signup}".`);
  }
  const emails = (env.COWORK_ADMINS ?? '').split(',').map((email) => email.trim().toLowerCase()).filter(Boolean);
  const malformed = emails.find((email) => !/^[^@\s]+@[^@\s]+$/.test(email));
  if (malformed) throw new ConfigError(`COWORK_ADMINS must be a comma-separated list of emails; "${malformed}" is not one.`);
  return { admins: new Set(emails), signup };
}
