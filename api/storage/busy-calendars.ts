import type { Database, WriteTx } from './engine/database.js';
import { MAX_BUSY_PIECES, piecesOf, type BusyInterval } from './busy-intervals.js';
import { rollRoutinesOf } from './routine-booking.js';

/**
 * Busy calendars (SPEC §15): a person's own ICS address, what fetching it last gave, and the busy
 * intervals kept from it. The job (jobs/refresh-busy-calendars.ts) fetches outside any transaction
 * and records each outcome in one; a failure keeps the last good intervals.
 */
export const FETCH_EVERY_MS = 15 * 60_000;
/** Busy intervals are kept this far ahead: as far as a booking may be (SPEC §4). */
export const BUSY_WINDOW_MS = 91 * 24 * 60 * 60_000;
/** Upcoming events GET shows. */
const SHOWN_EVENTS = 100;

export interface BusyCalendar {
  url: string;
  createdAt: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  nextFetchAt: string;
  /** The upcoming busy events, earliest first (at most SHOWN_EVENTS). */
  busy: BusyInterval[];
}

const isoOrNull = (ms: unknown) => (ms == null ? null : new Date(Number(ms)).toISOString());

export async function busyCalendarOf(db: Database, userId: string, now: Date): Promise<BusyCalendar | undefined> {
  const row = await db.get('SELECT url, created_at, last_attempt_at, last_success_at, last_error, next_fetch_at FROM busy_calendars WHERE user_id = ?', [userId]);
  if (!row) return undefined;
  const events = await db.all(
    `SELECT DISTINCT event_start_at, event_end_at, title FROM busy_intervals WHERE user_id = ? AND end_at > ?
     ORDER BY event_start_at, event_end_at, title LIMIT ?`,
    [userId, now.getTime(), SHOWN_EVENTS],
  );
  return {
    url: String(row.url),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    lastSuccessAt: isoOrNull(row.last_success_at),
    lastError: row.last_error == null ? null : String(row.last_error),
    nextFetchAt: new Date(Number(row.next_fetch_at)).toISOString(),
    busy: events.map((event) => ({ start: new Date(Number(event.event_start_at)).toISOString(), end: new Date(Number(event.event_end_at)).toISOString(), title: String(event.title) })),
  };
}

/**
 * Names the person's busy calendar; answers whether it is new or another address. Another address
 * starts afresh (its intervals come with its first fetch, due now); the same one changes nothing,
 * so naming it again does not fetch it more often than every 15 minutes.
 */
export async function setBusyCalendar(db: Database, userId: string, url: string, now: Date, maxUpcoming: number): Promise<'created' | 'changed' | 'unchanged'> {
  return db.write(async (tx) => {
    const existing = await tx.get('SELECT url FROM busy_calendars WHERE user_id = ?', [userId]);
    if (existing && String(existing.url) === url) return 'unchanged';
    await tx.run(
      `INSERT INTO busy_calendars (user_id, url, created_at, next_fetch_at) VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (user_id) DO UPDATE SET url = ?2, created_at = ?3, next_fetch_at = ?3, etag = NULL, expanded_until = NULL,
         last_attempt_at = NULL, last_success_at = NULL, last_error = NULL`,
      [userId, url, now.getTime()],
    );
    if (existing) await replaceIntervals(tx, userId, [], now, maxUpcoming);
    return existing ? 'changed' : 'created';
  });
}

/** Forgets the calendar and its intervals; routine occurrences skipped for them are booked again. Answers whether there was one. */
export async function removeBusyCalendar(db: Database, userId: string, now: Date, maxUpcoming: number): Promise<boolean> {
  return db.write(async (tx) => {
    const removed = await tx.run('DELETE FROM busy_calendars WHERE user_id = ?', [userId]);
    await replaceIntervals(tx, userId, [], now, maxUpcoming);
    return removed > 0;
  });
}

export interface DueCalendar {
  userId: string;
  url: string;
  etag: string | null;
  expandedUntil: number | null;
  timezone: string;
}

/** Calendars due for a fetch, longest due first, leaving out those `busy` (already being fetched here). */
export async function dueCalendars(db: Database, now: Date, limit: number, busy: ReadonlySet<string>): Promise<DueCalendar[]> {
  const rows = await db.all(
    `SELECT b.user_id, b.url, b.etag, b.expanded_until, u.timezone FROM busy_calendars b JOIN users u ON u.id = b.user_id
     WHERE b.next_fetch_at <= ? ORDER BY b.next_fetch_at LIMIT ?`,
    [now.getTime(), limit + busy.size],
  );
  return rows
    .map((row) => ({ userId: String(row.user_id), url: String(row.url), etag: row.etag == null ? null : String(row.etag), expandedUntil: row.expanded_until == null ? null : Number(row.expanded_until), timezone: String(row.timezone) }))
    .filter((calendar) => !busy.has(calendar.userId))
    .slice(0, limit);
}

export type FetchOutcome =
  | { kind: 'expanded'; events: { start: Date; end: Date; title: string }[]; etag: string | null; expandedUntil: Date }
  | { kind: 'not-modified' }
  | { kind: 'failed'; error: string };

/**
 * Records one fetch of `calendar`, in one transaction, unless its address changed meanwhile (the
 * new one is fetched on its own). A failure keeps the last good intervals and says why.
 */
export async function recordFetch(db: Database, calendar: DueCalendar, outcome: FetchOutcome, now: Date, maxUpcoming: number): Promise<void> {
  await db.write(async (tx) => {
    const current = await tx.get('SELECT url FROM busy_calendars WHERE user_id = ?', [calendar.userId]);
    if (!current || String(current.url) !== calendar.url) return;
    const at = now.getTime();
    if (outcome.kind === 'failed') {
      await tx.run('UPDATE busy_calendars SET last_attempt_at = ?, last_error = ?, next_fetch_at = ? WHERE user_id = ?',
        [at, outcome.error.slice(0, 300), at + FETCH_EVERY_MS, calendar.userId]);
      return;
    }
    if (outcome.kind === 'expanded') {
      await replaceIntervals(tx, calendar.userId, outcome.events, now, maxUpcoming);
      await tx.run('UPDATE busy_calendars SET etag = ?, expanded_until = ? WHERE user_id = ?', [outcome.etag, outcome.expandedUntil.getTime(), calendar.userId]);
    }
    await tx.run('UPDATE busy_calendars SET last_attempt_at = ?1, last_success_at = ?1, last_error = NULL, next_fetch_at = ?2 WHERE user_id = ?3',
      [at, at + FETCH_EVERY_MS, calendar.userId]);
  });
}

/**
 * Makes the person's intervals exactly `events` (in pieces), when they differ. A change rolls the
 * person's routines in the same transaction, so occurrences skipped as busy are booked once their
 * event is gone (and new occurrences keep clear of new events).
 */
async function replaceIntervals(tx: WriteTx, userId: string, events: { start: Date; end: Date; title: string }[], now: Date, maxUpcoming: number): Promise<void> {
  // One piece per key of the table (the first event's, when two events give the same piece), earliest first.
  const byKey = new Map<string, ReturnType<typeof piecesOf>[number]>();
  for (const piece of events.flatMap(piecesOf).sort((a, b) => a.start - b.start)) {
    const key = `${piece.start}/${piece.end}/${piece.title}`;
    if (!byKey.has(key)) byKey.set(key, piece);
  }
  const pieces = [...byKey.values()].slice(0, MAX_BUSY_PIECES);
  const described = (p: { start: unknown; end: unknown; eventStart: unknown; eventEnd: unknown; title: unknown }) => [p.start, p.end, p.eventStart, p.eventEnd, p.title].map(String).join('/');
  const stored = await tx.all('SELECT start_at, end_at, event_start_at, event_end_at, title FROM busy_intervals WHERE user_id = ?', [userId]);
  const storedKeys = new Set(stored.map((row) => described({ start: row.start_at, end: row.end_at, eventStart: row.event_start_at, eventEnd: row.event_end_at, title: row.title })));
  if (storedKeys.size === pieces.length && pieces.every((piece) => storedKeys.has(described(piece)))) return;
  await tx.run('DELETE FROM busy_intervals WHERE user_id = ?', [userId]);
  for (let i = 0; i < pieces.length; i += 100) {
    const batch = pieces.slice(i, i + 100);
    await tx.run(
      `INSERT INTO busy_intervals (user_id, start_at, end_at, event_start_at, event_end_at, title) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      batch.flatMap((p) => [userId, p.start, p.end, p.eventStart, p.eventEnd, p.title]),
    );
  }
  await rollRoutinesOf(tx, userId, now, maxUpcoming);
}
