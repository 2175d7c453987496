// Accounts and moderation (issue 14): suspensions, deletions, invite codes and reports.
export const version = 7;

export const statements: string[] = [
  `ALTER TABLE users ADD COLUMN suspended_at INTEGER`,
  `ALTER TABLE users ADD COLUMN suspension_reason TEXT`,
  // A deleted account keeps its row (sessions and pairs point at it) with its personal data gone.
  `ALTER TABLE users ADD COLUMN deleted_at INTEGER`,
  `CREATE TABLE invites (
        code_hash TEXT PRIMARY KEY,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_by TEXT REFERENCES users(id),
        used_at INTEGER
      ) WITHOUT ROWID`,
  `CREATE TABLE reports (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        reporter_id TEXT NOT NULL REFERENCES users(id),
        reported_id TEXT NOT NULL REFERENCES users(id),
        session_id TEXT NOT NULL REFERENCES sessions(id),
        reason TEXT NOT NULL CHECK (reason IN ('no-show', 'inappropriate', 'other')),
        note TEXT,
        created_at INTEGER NOT NULL
      )`,
  // Each foreign key gets an index: a deletion clears a person's notes, and no write scans reports.
  `CREATE INDEX reports_by_session ON reports(session_id)`,
  `CREATE INDEX reports_by_reporter ON reports(reporter_id)`,
  `CREATE INDEX reports_by_reported ON reports(reported_id)`,
  `CREATE INDEX invites_by_creator ON invites(created_by)`,
  `CREATE INDEX invites_by_user ON invites(used_by) WHERE used_by IS NOT NULL`,
  // A deletion removes the favourites others hold of the person.
  `CREATE INDEX favorites_by_favorite ON favorites(favorite_id)`,
];
