import { createHmac } from 'node:crypto';
import type { Database, WriteTx } from './engine/database.js';
import type { RateLimitUse } from '../http/rate-limited.js';
import { clearWindow, hitWindow, isFull, readWindow, unhitWindow, useOf, type RateWindow } from './rate-limits.js';
import { loadOrCreateServerSecret } from './server-secrets.js';

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
  /** As typed: used to find the account, never stored (the throttle keeps a keyed hash of it). */
  email: string;
  /** The client address, hashed: the database never holds it in the clear. */
  addressHash: string;
}

/** Either way, `use` is the window that decided: the per-address one, or the account's when it refused. */
export type Admission = { admitted: true; use: RateLimitUse } | { admitted: false; retryAt: Date; scope: 'address' | 'account'; use: RateLimitUse };

/** The server secret (server-secrets.ts) the throttle keys are made with. */
const THROTTLE_SECRET = 'login-throttle';
const throttleSecrets = new WeakMap<Database, Promise<string>>();

function throttleSecretOf(db: Database): Promise<string> {
  let secret = throttleSecrets.get(db);
  if (!secret) {
    secret = loadOrCreateServerSecret(db, THROTTLE_SECRET);
    // A failed read is not kept: the next attempt reads again.
    secret.catch(() => throttleSecrets.delete(db));
    throttleSecrets.set(db, secret);
  }
  return secret;
}

/**
 * What the throttle counts an email under: HMAC-SHA256 of the lower-cased email with a secret the
 * database keeps, so the table never holds an email (or anything that confirms a guessed one without
 * the secret), while every process on the database counts one email under one key.
 */
export async function accountThrottleKey(db: Database, email: string): Promise<string> {
  return createHmac('sha256', await throttleSecretOf(db)).update(email.toLowerCase()).digest('base64url');
}

interface ThrottleWindows {
  byAddress: RateWindow;
  byAccount: RateWindow;
}

async function windowsOf(db: Database, attempt: LoginAttempt): Promise<ThrottleWindows> {
  const accountKey = await accountThrottleKey(db, attempt.email);
  return {
    byAddress: { bucket: 'login', key: `${accountKey}\n${attempt.addressHash}`, ...ADDRESS_LIMIT },
    byAccount: { bucket: 'login-account', key: accountKey, ...ACCOUNT_LIMIT },
  };
}

async function isKnownAddress(tx: WriteTx, attempt: LoginAttempt): Promise<boolean> {
  const row = await tx.get(
    'SELECT 1 FROM known_login_addresses k JOIN users u ON u.id = k.user_id WHERE u.email = ? AND k.address_hash = ?',
    [attempt.email, attempt.addressHash],
  );
  return row !== undefined;
}

/** Counts the attempt as a failure unless a limit refuses it; a refused attempt is not counted again. */
export async function admitLoginAttempt(db: Database, attempt: LoginAttempt, now: Date): Promise<Admission> {
  const { byAddress, byAccount } = await windowsOf(db, attempt);
  return db.write(async (tx) => {
    const perAddress = await readWindow(tx, byAddress, now);
    if (isFull(perAddress, byAddress)) return { admitted: false, retryAt: perAddress!.resetsAt, scope: 'address', use: useOf(byAddress, perAddress, now, false) };
    const perAccount = await readWindow(tx, byAccount, now);
    if (isFull(perAccount, byAccount) && !(await isKnownAddress(tx, attempt))) {
      return { admitted: false, retryAt: perAccount!.resetsAt, scope: 'account', use: useOf(byAccount, perAccount, now, false) };
    }
    await hitWindow(tx, byAddress, now);
    await hitWindow(tx, byAccount, now);
    return { admitted: true, use: useOf(byAddress, perAddress, now, true) };
  });
}

/**
 * The password was right: the address's failures are cleared, the hit counted against the account
 * taken back, the address remembered as this person's, and the new token stored, all at once;
 * answers the address's window as it is now.
 */
export async function completeLogIn(db: Database, attempt: LoginAttempt, userId: string, token: { hash: string; label: string | null }, now: Date): Promise<RateLimitUse> {
  const { byAddress, byAccount } = await windowsOf(db, attempt);
  await db.write(async (tx) => {
    await clearWindow(tx, byAddress);
    await unhitWindow(tx, byAccount);
    await tx.run(
      `INSERT INTO known_login_addresses (user_id, address_hash, last_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id, address_hash) DO UPDATE SET last_at = excluded.last_at`,
      [userId, attempt.addressHash, now.getTime()],
    );
    await tx.run('INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)', [token.hash, userId, token.label, now.getTime()]);
  });
  // The address's failures are cleared: its whole quota is back.
  return useOf(byAddress, undefined, now, false);
}

/** Takes back an admitted attempt whose password was never checked (the hashing queue was full). */
export async function withdrawLoginAttempt(db: Database, attempt: LoginAttempt): Promise<void> {
  const { byAddress, byAccount } = await windowsOf(db, attempt);
  await db.write(async (tx) => {
    await unhitWindow(tx, byAddress);
    await unhitWindow(tx, byAccount);
  });
}

/** Forgets every failure counted under this account key (`accountThrottleKey`), from every address. */
export async function forgetLoginFailures(tx: WriteTx, accountKey: string): Promise<void> {
  // Per-address keys are the account key, a line break (0x0A), then the address: the range up to 0x0B holds them all.
  await tx.run(`DELETE FROM rate_limits WHERE bucket IN ('login', 'login-account') AND (key = ? OR (key > ? AND key < ?))`, [
    accountKey, `${accountKey}\n`, `${accountKey}\u000b`,
  ]);
}

/** Deletes at most `limit` addresses not used to log in for a year; answers how many went. */
export function deleteStaleKnownAddresses(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM known_login_addresses WHERE (user_id, address_hash) IN
       (SELECT user_id, address_hash FROM known_login_addresses WHERE last_at < ? LIMIT ?)`,
    [now.getTime() - KNOWN_ADDRESS_RETENTION_MS, limit],
  );
}
