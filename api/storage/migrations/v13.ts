// Admin rights (SPEC §16) are granted by the operator, who has the database (`cowork admin
// grant`), to an account, never to whoever signs up with an email. `granted_by` names who ran
// the grant. requireAdmin reads this table on each admin request, so a grant or a revoke made by
// any process holds from the next request. A deleted account's grant goes with it, whichever
// code deletes it.
export const version = 13;

export const statements: string[] = [
  `CREATE TABLE admins (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        granted_at INTEGER NOT NULL,
        granted_by TEXT NOT NULL
      ) WITHOUT ROWID`,
  `CREATE TRIGGER users_deleted_lose_admin AFTER UPDATE OF deleted_at ON users
       WHEN NEW.deleted_at IS NOT NULL
       BEGIN DELETE FROM admins WHERE user_id = NEW.id; END`,
];
