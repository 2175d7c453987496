// Log-in throttling per account and client address (issue 8); call links revocable per person.
export const version = 3;

export const statements: string[] = [
  `CREATE TABLE rate_limits (
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        hits INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (bucket, key)
      ) WITHOUT ROWID`,
  `CREATE INDEX rate_limits_by_expiry ON rate_limits(expires_at)`,
  // Failures counted per email alone carry over to the per-account ceiling; their addresses were never kept.
  `INSERT INTO rate_limits (bucket, key, hits, window_start, expires_at)
       SELECT 'login-account', lower(email), failures, window_start, window_start + 3600000 FROM login_failures`,
  `DROP TABLE login_failures`,
  `CREATE TABLE known_login_addresses (
        user_id TEXT NOT NULL REFERENCES users(id),
        address_hash TEXT NOT NULL,
        last_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, address_hash)
      ) WITHOUT ROWID`,
  `CREATE INDEX known_login_addresses_by_age ON known_login_addresses(last_at)`,
  `ALTER TABLE users ADD COLUMN credentials_not_before INTEGER NOT NULL DEFAULT 0`,
];
