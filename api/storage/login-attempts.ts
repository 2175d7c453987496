import type { Database, WriteTx } from './database.js';
import { clearWindow, hitWindow, isFull, readWindow, unhitWindow, type RateWindow } from './rate-limits.js';

/**
 * Log-in throttling (SECURITY.md). Every attempt is counted before its password is checked, in
 * the same write transaction that reads the limits, so concurrent guesses cannot slip past them:
 * - per account and client address: 5 failures in 15 minutes refuse that address for that account;
 * - per account: 100 failures in an hour refuse every address that never logged in to it.
 * An unknown email is counted the same way, so the answers do not tell which accounts exist.
 */
export const ADDRESS_LIMIT = { limit: 5, windowMs: 15 * 60_000 };
export const ACCOUNT_LIMIT = { limit: 100, windowMs: 60 * 60_000 };
/** A device unused for a year no longer bypasses the per-account ceiling. */
export const KNOWN_ADDRESS_RETENTION_MS = 365 * 24 * 60 * 60_000;

export interface LoginAttempt {
  email: string;
  /** The client address, hashed: the database never holds it in the clear. */
  addressHash: string;
}

export type Admission = { admitted: true } | { admitted: false; retryAt: Date; scope: 'address' | 'account' };

const normalise = (email: string) => email.toLowerCase();
const addressWindow = (attempt: LoginAttempt): RateWindow => ({ bucket: 'login', key: `${normalise(attempt.email)}\n${attempt.addressHash}`, ...ADDRESS_LIMIT });
const accountWindow = (attempt: LoginAttempt): RateWindow => ({ bucket: 'login-account', key: normalise(attempt.email), ...ACCOUNT_LIMIT });

async function isKnownAddress(tx: WriteTx, attempt: LoginAttempt): Promise<boolean> {
  const row = await tx.get(
    'SELECT 1 FROM known_login_addresses k JOIN users u ON u.id = k.user_id WHERE u.email = ? AND k.address_hash = ?',
    [attempt.email, attempt.addressHash],
  );
  return row !== undefined;
}

/** Counts the attempt as a failure unless a limit refuses it; a refused attempt is not counted again. */
export async function admitLoginAttempt(db: Database, attempt: LoginAttempt, now: Date): Promise<Admission> {
  return db.write(async (tx) => {
    const byAddress = addressWindow(attempt);
    const perAddress = await readWindow(tx, byAddress, now);
    if (isFull(perAddress, byAddress)) return { admitted: false, retryAt: perAddress!.resetsAt, scope: 'address' };
    const byAccount = accountWindow(attempt);
    const perAccount = await readWindow(tx, byAccount, now);
    if (isFull(perAccount, byAccount) && !(await isKnownAddress(tx, attempt))) {
      return { admitted: false, retryAt: perAccount!.resetsAt, scope: 'account' };
    }
    await hitWindow(tx, byAddress, now);
    await hitWindow(tx, byAccount, now);
    return { admitted: true };
  });
}

/**
 * The password was right: the address's failures are cleared, the hit counted against the account
 * taken back, the address remembered as this person's, and the new token stored, all at once.
 */
export async function completeLogIn(db: Database, attempt: LoginAttempt, userId: string, token: { hash: string; label: string | null }, now: Date): Promise<void> {
  await db.write(async (tx) => {
    await clearWindow(tx, addressWindow(attempt));
    await unhitWindow(tx, accountWindow(attempt));
    await tx.run(
      `INSERT INTO known_login_addresses (user_id, address_hash, last_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id, address_hash) DO UPDATE SET last_at = excluded.last_at`,
      [userId, attempt.addressHash, now.getTime()],
    );
    await tx.run('INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)', [token.hash, userId, token.label, now.getTime()]);
  });
}

/** Takes back an admitted attempt whose password was never checked (the hashing queue was full). */
export async function withdrawLoginAttempt(db: Database, attempt: LoginAttempt): Promise<void> {
  await db.write(async (tx) => {
    await unhitWindow(tx, addressWindow(attempt));
    await unhitWindow(tx, accountWindow(attempt));
  });
}

/** Deletes at most `limit` addresses not used to log in for a year; answers how many went. */
export function deleteStaleKnownAddresses(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM known_login_addresses WHERE (user_id, address_hash) IN
       (SELECT user_id, address_hash FROM known_login_addresses WHERE last_at < ? LIMIT ?)`,
    [now.getTime() - KNOWN_ADDRESS_RETENTION_MS, limit],
  );
}
