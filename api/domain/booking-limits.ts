import { conflict } from '../http/problems.js';

/**
 * How many bookings one person may hold (SPEC §8 "Booking limits"). Checked when booking, inside
 * the booking's write transaction; a limit never cancels a booking already made.
 */
export interface UpcomingBookings {
  /** Live (waiting or matched) sessions whose end is still ahead. */
  count: number;
  /** The end of the soonest of them, when a slot frees by itself. */
  soonestEnd: Date | null;
}

export function assertUnderUpcomingLimit(upcoming: UpcomingBookings, maxUpcoming: number): void {
  if (upcoming.count < maxUpcoming) return;
  const wait = upcoming.soonestEnd ? ` or wait until ${upcoming.soonestEnd.toISOString()}, when your next session ends` : '';
  throw conflict('upcoming-limit', 'Too many upcoming sessions',
    `You hold ${upcoming.count} upcoming sessions, the most this server allows (COWORK_MAX_UPCOMING = ${maxUpcoming}); cancel one${wait}.`,
    { limit: 'max-upcoming', maxUpcoming, ...(upcoming.soonestEnd ? { retryAt: upcoming.soonestEnd.toISOString() } : {}) });
}

/** The low-score limit: with at least this many scored sessions and a score under LOW_SCORE... */
export const LOW_SCORE_MIN_SCORED = 5;
export const LOW_SCORE = 0.8;
/** ...a person holds at most this many live sessions ahead. */
export const LOW_SCORE_MAX_UPCOMING = 3;

/** Whether the low-score limit can refuse at all: below its cap, the score need not be read. */
export const lowScoreLimitCanApply = (upcoming: UpcomingBookings): boolean => upcoming.count >= LOW_SCORE_MAX_UPCOMING;

export function assertUnderLowScoreLimit(upcoming: UpcomingBookings, record: { scored: number; score: number | null }): void {
  if (record.score === null || record.scored < LOW_SCORE_MIN_SCORED || record.score >= LOW_SCORE) return;
  if (!lowScoreLimitCanApply(upcoming)) return;
  const percent = Math.round(record.score * 100);
  throw conflict('low-score-limit', 'Attendance score too low for more bookings',
    `Your attendance score is ${percent} % over your last ${record.scored} sessions, under ${LOW_SCORE * 100} %, so you can hold at most ${LOW_SCORE_MAX_UPCOMING} upcoming sessions; attend the ones you hold (each attended session raises the score) or cancel one more than an hour ahead.`,
    { limit: 'low-score', maxUpcoming: LOW_SCORE_MAX_UPCOMING, score: record.score, scoredSessions: record.scored,
      ...(upcoming.soonestEnd ? { retryAt: upcoming.soonestEnd.toISOString() } : {}) });
}
