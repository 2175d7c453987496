import type { Activity, MatchWith } from '../domain/compatibility.js';
import { CredentialCache } from './credential-cache.js';
import type { Database, Row, WriteTx } from './engine/database.js';
import { spendInvite } from './invites.js';
import { languagesOf } from './languages-column.js';

/** Accounts and their bearer tokens. Tokens are stored only as SHA-256 hashes. */
export interface User {
  id: string;
  name: string;
  email: string;
  timezone: string;
  /** Matching settings (SPEC §7): who may be paired with this person, and a booking's defaults. */
  matchWith: MatchWith;
  activity: Activity;
  quiet: boolean;
  /** ISO 639-1 codes a booking names by default (SPEC §15); empty: any language. */
  languages: string[];
}

/** Every column `toUser` reads, for any query on `users` aliased `u`. */
export const USER_COLUMNS = 'u.id, u.name, u.email, u.timezone, u.match_with, u.activity, u.quiet, u.languages';

export interface NewUser extends Omit<User, 'matchWith' | 'activity' | 'quiet' | 'languages'> {
  passwordHash: string;
}

export const toUser = (row: Row): User => ({
  id: String(row.id),
  name: String(row.name),
  email: String(row.email),
  timezone: String(row.timezone),
  matchWith: row.match_with as MatchWith,
  activity: row.activity as Activity,
  quiet: Number(row.quiet) === 1,
  languages: languagesOf(row.languages),
});

/**
 * Creates the user and their first token in one transaction; false when the email is taken.
 * With `inviteHash`, the invite is spent in the same transaction (refused: nothing is written);
 * `alsoWrite` adds its own rows to it (the mail that verifies the address).
 */
export async function createUserWithToken(
  db: Database, user: NewUser, tokenHash: string, now: Date, inviteHash: string | null = null, alsoWrite?: (tx: WriteTx) => Promise<void>,
): Promise<boolean> {
  return db.write(async (tx) => {
    const inserted = await tx.run(
      `INSERT INTO users (id, name, email, password_hash, timezone, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING`,
      [user.id, user.name, user.email, user.passwordHash, user.timezone, now.getTime()],
    );
    if (inserted === 0) return false;
    if (inviteHash !== null) await spendInvite(tx, inviteHash, user.id, now);
    await tx.run('INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)', [tokenHash, user.id, 'signup', now.getTime()]);
    await alsoWrite?.(tx);
    return true;
  });
}

export async function findUserWithPassword(db: Database, email: string): Promise<{ user: User; passwordHash: string; suspended: boolean } | undefined> {
  const row = await db.get(`SELECT ${USER_COLUMNS}, u.password_hash, u.suspended_at FROM users u WHERE u.email = ? AND u.deleted_at IS NULL`, [email]);
  return row && { user: toUser(row), passwordHash: String(row.password_hash), suspended: row.suspended_at != null };
}

// Built once: every authenticated request runs it, and a string made per call is hashed again to find its prepared statement.
const USER_BY_TOKEN = `SELECT ${USER_COLUMNS} FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?`;

// Bounded so that a server with more signed-in people than this only reads some credentials again.
const KEPT_CREDENTIALS = 20_000;
const signedIn = new WeakMap<Database, CredentialCache<Readonly<User>>>();

/** The person a token signs in; the answer is shared by their requests, so it is frozen. */
export function findUserByTokenHash(db: Database, tokenHash: string): Promise<Readonly<User> | undefined> {
  let cache = signedIn.get(db);
  if (!cache) signedIn.set(db, (cache = new CredentialCache(KEPT_CREDENTIALS)));
  return cache.get(db, tokenHash, async () => {
    const row = await db.get(USER_BY_TOKEN, [tokenHash]);
    return row && Object.freeze(toUser(row));
  });
}

/** Revokes one token; when it was the person's last, their call links stop working too. */
export async function deleteToken(db: Database, userId: string, tokenHash: string, now: Date): Promise<void> {
  await db.write(async (tx) => {
    await tx.run('DELETE FROM tokens WHERE hash = ?', [tokenHash]);
    if (!(await tx.get('SELECT 1 FROM tokens WHERE user_id = ? LIMIT 1', [userId]))) await revokeCallCredentials(tx, userId, now);
  });
}

/**
 * Every call link issued to this person until `now` stops working. Log-out everywhere, a password
 * change and a suspension call this in their own transaction.
 */
export async function revokeCallCredentials(tx: WriteTx, userId: string, now: Date): Promise<void> {
  await tx.run('UPDATE users SET credentials_not_before = MAX(credentials_not_before, ?) WHERE id = ?', [now.getTime(), userId]);
}

/** A call link issued at `issuedAt` still counts only if its person holds a live token and revoked nothing since. */
export async function acceptsCallCredential(db: Database, userId: string, issuedAt: Date): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 FROM users u WHERE u.id = ? AND u.credentials_not_before < ?
     AND EXISTS (SELECT 1 FROM tokens t WHERE t.user_id = u.id)`,
    [userId, issuedAt.getTime()],
  );
  return row !== undefined;
}
