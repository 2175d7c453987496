// Matching preferences (SPEC §7): settings on the person, fixed choices on each session,
// favourites, blocks, declines, and everyone a person has ever been paired with.
export const version = 4;

export const statements: string[] = [
  `ALTER TABLE users ADD COLUMN match_with TEXT NOT NULL DEFAULT 'anyone' CHECK (match_with IN ('anyone', 'favorites'))`,
  `ALTER TABLE users ADD COLUMN activity TEXT NOT NULL DEFAULT 'anything' CHECK (activity IN ('desk', 'moving', 'anything'))`,
  `ALTER TABLE users ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1))`,
  `ALTER TABLE sessions ADD COLUMN activity TEXT NOT NULL DEFAULT 'anything' CHECK (activity IN ('desk', 'moving', 'anything'))`,
  `ALTER TABLE sessions ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1))`,
  `ALTER TABLE sessions ADD COLUMN requested_partner_id TEXT REFERENCES users(id)`,
  // One row per person and partner, kept by the pairing rule: "is a past or present partner"
  // is one primary-key probe, and the list of partners reads in order of the last shared start.
  `CREATE TABLE partners (
        user_id TEXT NOT NULL REFERENCES users(id),
        partner_id TEXT NOT NULL REFERENCES users(id),
        session_id TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, partner_id)
      ) WITHOUT ROWID`,
  `CREATE INDEX partners_by_recency ON partners(user_id, start_at)`,
  `INSERT INTO partners (user_id, partner_id, session_id, start_at)
       SELECT mine.user_id, theirs.user_id, mine.id, max(mine.start_at)
       FROM pairs p
       JOIN sessions a ON a.id = p.session_a
       JOIN sessions b ON b.id = p.session_b
       JOIN sessions mine ON mine.id IN (a.id, b.id)
       JOIN sessions theirs ON theirs.id IN (a.id, b.id) AND theirs.id <> mine.id
       WHERE a.user_id <> b.user_id
       GROUP BY mine.user_id, theirs.user_id`,
  `CREATE TABLE favorites (
        user_id TEXT NOT NULL REFERENCES users(id),
        favorite_id TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, favorite_id)
      ) WITHOUT ROWID`,
  `CREATE TABLE blocks (
        user_id TEXT NOT NULL REFERENCES users(id),
        blocked_id TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, blocked_id)
      ) WITHOUT ROWID`,
  `CREATE TABLE declines (
        user_id TEXT NOT NULL REFERENCES users(id),
        declined_id TEXT NOT NULL REFERENCES users(id),
        start_at INTEGER NOT NULL,
        duration INTEGER NOT NULL,
        declined_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, declined_id, start_at, duration)
      ) WITHOUT ROWID`,
  `CREATE INDEX declines_by_time ON declines(user_id, declined_at)`,
];
