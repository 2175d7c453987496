// Busy calendars (SPEC §15): a person's own ICS address, fetched by a job, and the busy intervals
// it expanded to for the next 13 weeks. Intervals are stored in pieces of at most a day
// (busy-intervals.ts), so "does anything overlap [start, end)" is one short range of
// (user_id, start_at), like sessions' LONGEST_SESSION_MS; each piece names its whole event.
// A routine occurrence over a busy interval is skipped with outcome 'busy': routine_occurrences'
// CHECK is rebuilt to allow it (SQLite cannot alter a CHECK), its rows and index kept as they were.
export const version = 20;

export const statements: string[] = [
  `CREATE TABLE busy_calendars (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        url TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        etag TEXT,
        expanded_until INTEGER,
        next_fetch_at INTEGER NOT NULL,
        last_attempt_at INTEGER,
        last_success_at INTEGER,
        last_error TEXT
      ) WITHOUT ROWID`,
  `CREATE INDEX busy_calendars_due ON busy_calendars(next_fetch_at)`,
  `CREATE TABLE busy_intervals (
        user_id TEXT NOT NULL REFERENCES users(id),
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        event_start_at INTEGER NOT NULL,
        event_end_at INTEGER NOT NULL,
        title TEXT NOT NULL,
        PRIMARY KEY (user_id, start_at, end_at, title)
      ) WITHOUT ROWID`,
  `CREATE TABLE routine_occurrences_v20 (
        routine_id TEXT NOT NULL REFERENCES routines(id),
        start_at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('booked', 'held-off', 'overlap', 'dst-gap', 'limit', 'suspended', 'busy')),
        session_id TEXT,
        conflicting_session_id TEXT,
        PRIMARY KEY (routine_id, start_at)
      ) WITHOUT ROWID`,
  `INSERT INTO routine_occurrences_v20 (routine_id, start_at, outcome, session_id, conflicting_session_id)
       SELECT routine_id, start_at, outcome, session_id, conflicting_session_id FROM routine_occurrences`,
  `DROP TABLE routine_occurrences`,
  `ALTER TABLE routine_occurrences_v20 RENAME TO routine_occurrences`,
  `CREATE INDEX routine_occurrences_by_start ON routine_occurrences(start_at)`,
];
