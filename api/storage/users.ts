import type { Database, Row } from './database.js';

/** Accounts and their bearer tokens. Tokens are stored only as SHA-256 hashes. */
export interface User {
  id: string;
  name: string;
  email: string;
  timezone: string;
}

export interface NewUser extends User {
  passwordHash: string;
}

const toUser = (row: Row): User => ({
  id: String(row.id),
  name: String(row.name),
  email: String(row.email),
  timezone: String(row.timezone),
});

/** Creates the user and their first token in one transaction; false when the email is taken. */
export async function createUserWithToken(db: Database, user: NewUser, tokenHash: string, now: Date): Promise<boolean> {
  return db.write(async (tx) => {
    const inserted = await tx.run(
      `INSERT INTO users (id, name, email, password_hash, timezone, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING`,
      [user.id, user.name, user.email, user.passwordHash, user.timezone, now.getTime()],
    );
    if (inserted === 0) return false;
    await tx.run('INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)', [tokenHash, user.id, 'signup', now.getTime()]);
    return true;
  });
}

export async function findUserWithPassword(db: Database, email: string): Promise<{ user: User; passwordHash: string } | undefined> {
  const row = await db.get('SELECT id, name, email, timezone, password_hash FROM users WHERE email = ?', [email]);
  return row && { user: toUser(row), passwordHash: String(row.password_hash) };
}

export async function findUserByTokenHash(db: Database, tokenHash: string): Promise<User | undefined> {
  const row = await db.get(
    'SELECT u.id, u.name, u.email, u.timezone FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?',
    [tokenHash],
  );
  return row && toUser(row);
}

export async function createToken(db: Database, userId: string, tokenHash: string, label: string | null, now: Date): Promise<void> {
  await db.write((tx) => tx.run('INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)', [tokenHash, userId, label, now.getTime()]));
}

export async function deleteToken(db: Database, tokenHash: string): Promise<void> {
  await db.write((tx) => tx.run('DELETE FROM tokens WHERE hash = ?', [tokenHash]));
}
