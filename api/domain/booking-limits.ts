import { conflict } from '../problems.js';

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
