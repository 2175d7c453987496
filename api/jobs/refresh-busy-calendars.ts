import { busyEventsOf, CalendarUnreadable } from '../busy-calendar/expand.js';
import { fetchFeed, type FeedPolicy } from '../busy-calendar/fetch-feed.js';
import { BUSY_WINDOW_MS, dueCalendars, recordFetch, type DueCalendar, type FetchOutcome } from '../storage/busy-calendars.js';
import type { Database } from '../storage/engine/database.js';
import type { Job } from './runner.js';

/** Fetches in flight at once in one process. */
export const REFRESH_CONCURRENCY = 16;
export const REFRESH_INTERVAL_MS = 5_000;
/** Expanded a day beyond the window, so a calendar answered "not modified" still covers it for that day. */
const EXPAND_BEYOND_MS = 24 * 60 * 60_000;
const STEP_MARGIN_MS = 10_000;

export const DEFAULT_FEED_POLICY: FeedPolicy = { timeoutMs: 10_000, allowPrivate: false };

export interface RefreshSettings {
  policy: FeedPolicy;
  /** The booking limit routines roll under when an interval change frees or takes an occurrence. */
  maxUpcoming: number;
}

/** One calendar fetched and expanded, outside any transaction; its outcome is recorded in one. */
async function refreshOne(db: Database, calendar: DueCalendar, now: Date, settings: RefreshSettings, signal?: AbortSignal): Promise<void> {
  const { policy } = settings;
  // "Not modified" only while what was expanded last still reaches the window's end.
  const covered = calendar.expandedUntil !== null && calendar.expandedUntil >= now.getTime() + BUSY_WINDOW_MS;
  const answer = await fetchFeed(calendar.url, covered ? calendar.etag : null, policy, signal);
  if (signal?.aborted) return;
  let outcome: FetchOutcome;
  if (answer.kind === 'fetched') {
    const expandedUntil = new Date(now.getTime() + BUSY_WINDOW_MS + EXPAND_BEYOND_MS);
    try {
      outcome = { kind: 'expanded', events: await busyEventsOf(answer.body, now, expandedUntil, calendar.timezone), etag: answer.etag, expandedUntil };
    } catch (error) {
      if (!(error instanceof CalendarUnreadable)) throw error;
      outcome = { kind: 'failed', error: error.message };
    }
  } else {
    outcome = answer;
  }
  // Expansions queue one behind another: a step abandoned meanwhile writes nothing, and the calendar stays due.
  if (signal?.aborted) return;
  await recordFetch(db, calendar, outcome, now, settings.maxUpcoming);
}

/**
 * Keeps every busy calendar's intervals fresh (SPEC §15): each due one (every 15 minutes) fetched
 * under its own deadline, side by side, so a calendar server that is slow or drips holds up no
 * other calendar and no other job (`remote`); a failure keeps the last good intervals.
 */
export function refreshBusyCalendarsJob(db: Database, settings: RefreshSettings): Job {
  const { policy } = settings;
  const inFlight = new Set<string>();
  return {
    name: 'refresh-busy-calendars',
    intervalMs: REFRESH_INTERVAL_MS,
    deadlineMs: policy.timeoutMs + STEP_MARGIN_MS,
    remote: true,
    runOnce: async (now, signal) => {
      const room = REFRESH_CONCURRENCY - inFlight.size;
      if (room <= 0) return false;
      const due = await dueCalendars(db, now, room, inFlight);
      for (const calendar of due) inFlight.add(calendar.userId);
      await Promise.all(due.map((calendar) => refreshOne(db, calendar, now, settings, signal).finally(() => inFlight.delete(calendar.userId))));
      return due.length === room;
    },
  };
}
