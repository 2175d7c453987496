export const version = 1;

export const statements: string[] = [
  `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        timezone TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
  `CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        label TEXT,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
  `CREATE INDEX tokens_by_user ON tokens(user_id)`,
  `CREATE TABLE pairs (
        id TEXT PRIMARY KEY,
        room TEXT NOT NULL UNIQUE,
        session_a TEXT NOT NULL,
        session_b TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        dissolved_at INTEGER
      )`,
  `CREATE TABLE sessions (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users(id),
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        duration INTEGER NOT NULL CHECK (duration IN (25, 50, 75)),
        status TEXT NOT NULL CHECK (status IN ('waiting', 'matched', 'cancelled')),
        pair_id TEXT REFERENCES pairs(id),
        task TEXT,
        created_at INTEGER NOT NULL,
        cancelled_at INTEGER,
        late_cancel INTEGER NOT NULL DEFAULT 0
      )`,
  `CREATE INDEX sessions_waiting_by_slot ON sessions(start_at, duration, seq) WHERE status = 'waiting'`,
  `CREATE INDEX sessions_by_user_start ON sessions(user_id, start_at)`,
  `CREATE INDEX sessions_by_pair ON sessions(pair_id) WHERE pair_id IS NOT NULL`,
  `CREATE TABLE idempotency_keys (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, key)
      ) WITHOUT ROWID`,
  `CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at)`,
  `CREATE TABLE login_failures (
        email TEXT PRIMARY KEY COLLATE NOCASE,
        failures INTEGER NOT NULL,
        window_start INTEGER NOT NULL
      ) WITHOUT ROWID`,
];
