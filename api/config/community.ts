/** Who may join this server (SPEC §8, README "Running a community"). Its admins are in the database (SPEC §16). */
export interface Community {
  /** COWORK_SIGNUP: `open` lets anyone sign up; `invite` needs a code from an admin. */
  signup: 'open' | 'invite';
}

export const OPEN_COMMUNITY: Community = { signup: 'open' };

export const communityOf = (deps: { community?: Community }): Community => deps.community ?? OPEN_COMMUNITY;
