import type { RateLimitUse } from '../http/rate-limited.js';
import type { Database, WriteTx } from './engine/database.js';

/**
 * Fixed-window counters kept in the database, so every API process sees the same count and a
 * check and its hit happen in one write transaction. A row lives until its window ends; the
 * hourly purge removes it, so anonymous input cannot grow the table for longer than a window.
 */
export interface RateWindow {
  bucket: string;
  key: string;
  limit: number;
  windowMs: number;
}

export interface WindowState {
  hits: number;
  /** When the current window ends and its count starts again from zero. */
  resetsAt: Date;
}

export const isFull = (state: WindowState | undefined, window: RateWindow) => state !== undefined && state.hits >= window.limit;

export async function readWindow(tx: Pick<WriteTx, 'get'>, window: RateWindow, now: Date): Promise<WindowState | undefined> {
  const row = await tx.get('SELECT hits, expires_at FROM rate_limits WHERE bucket = ? AND key = ? AND expires_at > ?', [
    window.bucket, window.key, now.getTime(),
  ]);
  return row && { hits: Number(row.hits), resetsAt: new Date(Number(row.expires_at)) };
}

/** Counts one hit, starting a new window if the last one has ended. */
export async function hitWindow(tx: WriteTx, window: RateWindow, now: Date): Promise<void> {
  const at = now.getTime();
  await tx.run(
    `INSERT INTO rate_limits (bucket, key, hits, window_start, expires_at) VALUES (?, ?, 1, ?, ?)
     ON CONFLICT (bucket, key) DO UPDATE SET
       hits = CASE WHEN expires_at <= excluded.window_start THEN 1 ELSE hits + 1 END,
       window_start = CASE WHEN expires_at <= excluded.window_start THEN excluded.window_start ELSE window_start END,
       expires_at = CASE WHEN expires_at <= excluded.window_start THEN excluded.expires_at ELSE expires_at END`,
    [window.bucket, window.key, at, at + window.windowMs],
  );
}

/** Takes back one hit that turned out not to count (a right password after all). */
export async function unhitWindow(tx: WriteTx, window: RateWindow): Promise<void> {
  await tx.run('UPDATE rate_limits SET hits = hits - 1 WHERE bucket = ? AND key = ? AND hits > 0', [window.bucket, window.key]);
}

export async function clearWindow(tx: WriteTx, window: RateWindow): Promise<void> {
  await tx.run('DELETE FROM rate_limits WHERE bucket = ? AND key = ?', [window.bucket, window.key]);
}

/** The window's use as `state` (read before this request) and this request's hit, if it counts, make it. */
export function useOf(window: RateWindow, state: WindowState | undefined, now: Date, hit: boolean): RateLimitUse {
  return {
    policy: window.bucket, limit: window.limit, windowMs: window.windowMs,
    hits: (state?.hits ?? 0) + (hit ? 1 : 0),
    resetsAt: state?.resetsAt ?? new Date(now.getTime() + window.windowMs),
  };
}

/** Counts one hit if the window has room (admitted), or counts nothing; either way, the window's use. */
export async function takeFromWindow(db: Database, window: RateWindow, now: Date): Promise<{ admitted: boolean; use: RateLimitUse }> {
  return db.write(async (tx) => {
    const state = await readWindow(tx, window, now);
    if (isFull(state, window)) return { admitted: false, use: useOf(window, state, now, false) };
    await hitWindow(tx, window, now);
    return { admitted: true, use: useOf(window, state, now, true) };
  });
}

/** Deletes at most `limit` windows that have ended; answers how many went. */
export function deleteExpiredRateLimits(tx: WriteTx, now: Date, limit: number): Promise<number> {
  return tx.run('DELETE FROM rate_limits WHERE (bucket, key) IN (SELECT bucket, key FROM rate_limits WHERE expires_at <= ? LIMIT ?)', [
    now.getTime(), limit,
  ]);
}
