import type { Database, Row } from './engine/database.js';

/**
 * Admin rights (SPEC §16): the operator, who has the database, grants them to an account
 * (`cowork admin grant`); an email typed at sign-up proves nothing. Emails match as accounts do,
 * without regard to case (the users table's COLLATE NOCASE).
 */

export interface AdminGrant {
  id: string;
  name: string;
  email: string;
  grantedAt: string;
  /** Who ran the grant, as the operator's system knows them. */
  grantedBy: string;
}

const toGrant = (row: Row): AdminGrant => ({
  id: String(row.id), name: String(row.name), email: String(row.email),
  grantedAt: new Date(Number(row.granted_at)).toISOString(), grantedBy: String(row.granted_by),
});

const GRANT_COLUMNS = 'u.id, u.name, u.email, a.granted_at, a.granted_by';
const GRANT_OF_ACCOUNT = `SELECT ${GRANT_COLUMNS} FROM admins a JOIN users u ON u.id = a.user_id WHERE a.user_id = ?`;
const ACCOUNT_BY_EMAIL = 'SELECT id FROM users WHERE email = ? AND deleted_at IS NULL';

// Built once: every admin request reads it (no cache, so a revoke by any process holds at once).
const IS_ADMIN = 'SELECT 1 FROM admins WHERE user_id = ?';

export async function isAdmin(db: Database, userId: string): Promise<boolean> {
  return (await db.get(IS_ADMIN, [userId])) !== undefined;
}

/**
 * Makes the account with this email an admin, or leaves an earlier grant as it was (`already`).
 * `undefined` when no account has the email.
 */
export async function grantAdmin(db: Database, email: string, grantedBy: string, now: Date): Promise<{ grant: AdminGrant; already: boolean } | undefined> {
  return db.write(async (tx) => {
    const account = await tx.get(ACCOUNT_BY_EMAIL, [email]);
    if (!account) return undefined;
    const inserted = await tx.run('INSERT INTO admins (user_id, granted_at, granted_by) VALUES (?, ?, ?) ON CONFLICT (user_id) DO NOTHING', [
      String(account.id), now.getTime(), grantedBy,
    ]);
    const row = await tx.get(GRANT_OF_ACCOUNT, [String(account.id)]);
    return { grant: toGrant(row!), already: inserted === 0 };
  });
}

/** Takes the rights of the account with this email away and answers the grant it ended, or says why there was none. */
export async function revokeAdmin(db: Database, email: string): Promise<AdminGrant | 'not-admin' | 'no-account'> {
  return db.write(async (tx) => {
    const account = await tx.get(ACCOUNT_BY_EMAIL, [email]);
    if (!account) return 'no-account';
    const grant = await tx.get(GRANT_OF_ACCOUNT, [String(account.id)]);
    if (!grant) return 'not-admin';
    await tx.run('DELETE FROM admins WHERE user_id = ?', [String(account.id)]);
    return toGrant(grant);
  });
}

/** Every admin, the earliest grant first. */
export async function listAdmins(db: Database): Promise<AdminGrant[]> {
  const rows = await db.all(`SELECT ${GRANT_COLUMNS} FROM admins a JOIN users u ON u.id = a.user_id ORDER BY a.granted_at, u.email`);
  return rows.map(toGrant);
}
