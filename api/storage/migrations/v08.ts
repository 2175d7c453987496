// Routines (SPEC §9): one row per routine, one per occurrence it has settled. The occurrence's
// primary key (routine_id, start_at) is written in the same transaction as the session it books,
// so an occurrence is booked at most once whatever the processes and restarts.
export const version = 8;

export const statements: string[] = [
  `CREATE TABLE routines (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        days TEXT NOT NULL,
        time TEXT NOT NULL,
        duration INTEGER NOT NULL CHECK (duration IN (25, 50, 75)),
        timezone TEXT NOT NULL,
        task TEXT,
        activity TEXT CHECK (activity IN ('desk', 'moving', 'anything')),
        quiet INTEGER CHECK (quiet IN (0, 1)),
        horizon_days INTEGER NOT NULL CHECK (horizon_days BETWEEN 1 AND 91),
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        booked_until INTEGER NOT NULL,
        next_roll_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        deleted_at INTEGER
      )`,
  `CREATE INDEX routines_by_user ON routines(user_id, created_at) WHERE deleted_at IS NULL`,
  `CREATE INDEX routines_to_roll ON routines(next_roll_at) WHERE paused = 0 AND deleted_at IS NULL`,
  `CREATE TABLE routine_occurrences (
        routine_id TEXT NOT NULL REFERENCES routines(id),
        start_at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('booked', 'held-off', 'overlap', 'dst-gap', 'limit', 'suspended')),
        -- No foreign key to sessions: one would make every insert into sessions look up this table.
        session_id TEXT,
        conflicting_session_id TEXT,
        PRIMARY KEY (routine_id, start_at)
      ) WITHOUT ROWID`,
  `CREATE INDEX routine_occurrences_by_start ON routine_occurrences(start_at)`,
  `ALTER TABLE sessions ADD COLUMN routine_id TEXT REFERENCES routines(id)`,
  `CREATE INDEX sessions_by_routine ON sessions(routine_id, start_at) WHERE routine_id IS NOT NULL`,
];
