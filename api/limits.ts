import type { AppDeps } from './app-env.js';

/** Server settings that bound what one person or client may do (README "Configuration", SECURITY.md). */
export interface Limits {
  /** COWORK_MAX_UPCOMING: live sessions whose end is ahead, per person. */
  maxUpcoming: number;
  /** COWORK_SIGNUPS_PER_HOUR: sign-ups per client address per hour. */
  signupsPerHour: number;
}

export const DEFAULT_LIMITS: Limits = { maxUpcoming: 30, signupsPerHour: 10 };

export const limitsOf = (deps: AppDeps): Limits => ({ ...DEFAULT_LIMITS, ...deps.limits });
