/** Server settings that bound what one person or client may do (README "Configuration", SECURITY.md). */
export interface Limits {
  /** COWORK_MAX_UPCOMING: live sessions whose end is ahead, per person. */
  maxUpcoming: number;
  /** COWORK_SIGNUPS_PER_HOUR: sign-ups per client address per hour. */
  signupsPerHour: number;
}

export const DEFAULT_LIMITS: Limits = { maxUpcoming: 30, signupsPerHour: 10 };

export const limitsOf = (deps: { limits?: Partial<Limits> }): Limits => ({ ...DEFAULT_LIMITS, ...deps.limits });

/** The password-hashing queue (api/accounts/password-queue.ts): COWORK_HASH_SLOTS and COWORK_HASH_QUEUE. */
export interface PasswordQueueOptions {
  /** Hashes computed at once (memory: 32 MiB each). */
  slots: number;
  /** Requests that may wait per lane before the next is refused with 503. */
  maxWaiting: number;
}

export const DEFAULT_PASSWORD_QUEUE: PasswordQueueOptions = { slots: 1, maxWaiting: 64 };
