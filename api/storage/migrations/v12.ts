// Servers keep who a token signs in between requests (credential-cache.ts); any change to what
// they keep bumps this generation in its own transaction, whichever process makes it.
export const version = 12;

export const statements: string[] = [
  `CREATE TABLE credential_changes (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)`,
  `INSERT INTO credential_changes (id, generation) VALUES (1, 0)`,
  `CREATE TRIGGER tokens_deleted_change_credentials AFTER DELETE ON tokens
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
  `CREATE TRIGGER tokens_updated_change_credentials AFTER UPDATE OF hash, user_id ON tokens
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
  `CREATE TRIGGER users_deleted_change_credentials AFTER DELETE ON users
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
  `CREATE TRIGGER users_updated_change_credentials
       AFTER UPDATE OF id, name, email, timezone, match_with, activity, quiet, suspended_at, deleted_at ON users
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
];
