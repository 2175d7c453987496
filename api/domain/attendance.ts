/**
 * The accountability rules of SPEC §8 that need no database: when a call page counts as open,
 * what a person's attendance was, and the attendance score.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The call page checks in this often while it is open, before and after the start. */
export const CHECK_IN_EVERY_MS = 20 * SECOND;
/**
 * A page counts as open while its last check-in is younger than this. Browsers slow the timers of
 * hidden tabs to one run a minute (and people hide the tab while they work), so a 20-second timer
 * may fire only every 60 s; 150 s leaves room for two slowed ticks and a slow request.
 */
export const PAGE_OPEN_FOR_MS = 150 * SECOND;
/** Joining before start + 5 minutes is on time; from then on the partner may be replaced. */
export const ON_TIME_MS = 5 * MINUTE;
/** The score counts sessions that were matched this long before their start. */
export const SCORED_IF_MATCHED_BEFORE_MS = 60 * MINUTE;
/** The score looks at this many of the person's last scored sessions. */
export const SCORE_WINDOW = 20;

export type Attendance = 'on-time' | 'late' | 'no-show' | 'partner-no-show';

/** What was recorded about the pair a session was in at its start. */
export interface StartPairFacts {
  /** Whether the session was in a pair at its start (else attendance is null). */
  matchedAtStart: boolean;
  /** This person's first join in that pair, if any. */
  firstJoin: Date | null;
  /** Whether the partner of that pair ever joined in it. */
  partnerJoined: boolean;
}

export function isPageOpen(lastCheckIn: Date | null, now: Date): boolean {
  return lastCheckIn !== null && now.getTime() - lastCheckIn.getTime() < PAGE_OPEN_FOR_MS;
}

export function rematchOpensAt(start: Date): Date {
  return new Date(start.getTime() + ON_TIME_MS);
}

/** Null until start + 5 minutes and for a session not matched at its start; partner-no-show wins over on-time and late. */
export function attendanceOf(start: Date, facts: StartPairFacts, now: Date): Attendance | null {
  const deadline = rematchOpensAt(start).getTime();
  if (!facts.matchedAtStart || now.getTime() < deadline) return null;
  if (facts.firstJoin === null) return 'no-show';
  if (!facts.partnerJoined) return 'partner-no-show';
  return facts.firstJoin.getTime() < deadline ? 'on-time' : 'late';
}

/** One ended session that counts for the score: cancelled late, or matched at its start. */
export interface ScoredSession {
  lateCancel: boolean;
  attendance: Attendance | null;
}

export const attended = (session: ScoredSession): boolean =>
  !session.lateCancel && session.attendance !== null && session.attendance !== 'no-show';

/** The share of the last SCORE_WINDOW scored sessions attended (on time or late), or null with none yet. */
export function attendanceScore(lastScored: ScoredSession[]): { scored: number; score: number | null } {
  const window = lastScored.slice(0, SCORE_WINDOW);
  if (window.length === 0) return { scored: 0, score: null };
  return { scored: window.length, score: window.filter(attended).length / window.length };
}
