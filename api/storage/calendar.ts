import { createHmac, randomBytes } from 'node:crypto';
import { sha256 } from '../accounts/secrets.js';
import type { Database } from './engine/database.js';
import { SESSION_COLUMNS, SESSION_FROM, toSession, type Session } from './session-rows.js';

/** The feed shows this much of the past and of the future (SPEC §9). */
export const FEED_PAST_MS = 30 * 24 * 60 * 60_000;
export const FEED_AHEAD_MS = 13 * 7 * 24 * 60 * 60_000;

/**
 * A feed token is 256 bits derived from the server's secret and a random nonce kept per person:
 * the database holds the nonce and the token's hash, never the token, yet the person can be shown
 * their URL again. Rotating draws a new nonce; revoking deletes the row.
 */
const feedToken = (key: string, userId: string, nonce: string) =>
  createHmac('sha256', key).update(`calendar-feed.${userId}.${nonce}`).digest('base64url');

/** The person's feed token, made on first use (or re-derived when the server's secret changed). */
export async function calendarToken(db: Database, key: string, userId: string, now: Date, rotate = false): Promise<string> {
  const freshNonce = randomBytes(16).toString('base64url');
  return db.write(async (tx) => {
    const row = await tx.get('SELECT nonce, token_hash FROM calendar_tokens WHERE user_id = ?', [userId]);
    const nonce = row && !rotate ? String(row.nonce) : freshNonce;
    const token = feedToken(key, userId, nonce);
    if (!row || rotate || String(row.token_hash) !== sha256(token)) {
      await tx.run(
        `INSERT INTO calendar_tokens (user_id, nonce, token_hash, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET nonce = excluded.nonce, token_hash = excluded.token_hash, created_at = excluded.created_at`,
        [userId, nonce, sha256(token), now.getTime()],
      );
    }
    return token;
  });
}

/** Revokes the feed URL; answers whether there was one. */
export async function revokeCalendarToken(db: Database, userId: string): Promise<boolean> {
  return db.write(async (tx) => (await tx.run('DELETE FROM calendar_tokens WHERE user_id = ?', [userId])) > 0);
}

export interface FeedSession extends Session {
  /** Bumped by every change the feed shows (a trigger of migration v9): the event's SEQUENCE. */
  version: number;
  /** When the session last changed as far as the feed knows; the event's DTSTAMP. */
  stamp: string;
}

/** The feed's owner and sessions for a token, or undefined for a token that is not (or no longer) valid. */
export async function feedFor(db: Database, token: string, now: Date): Promise<{ userId: string; name: string; sessions: FeedSession[] } | undefined> {
  const owner = await db.get(
    'SELECT u.id, u.name FROM calendar_tokens c JOIN users u ON u.id = c.user_id WHERE c.token_hash = ?', [sha256(token)],
  );
  if (!owner) return undefined;
  const rows = await db.all(
    `SELECT ${SESSION_COLUMNS}, s.version, s.cancelled_at FROM ${SESSION_FROM}
     WHERE s.user_id = ? AND s.start_at >= ? AND s.start_at < ? ORDER BY s.start_at, s.id`,
    [String(owner.id), now.getTime() - FEED_PAST_MS, now.getTime() + FEED_AHEAD_MS],
  );
  const sessions = rows.map((row) => ({
    ...toSession(row, now),
    version: Number(row.version),
    stamp: new Date(Number(row.cancelled_at ?? row.created_at)).toISOString(),
  }));
  return { userId: String(owner.id), name: String(owner.name), sessions };
}
