import type { Database } from './engine/database.js';
import { emitStarting } from './outbox.js';

// Bounds the scan: a session that started longer ago than this has ended.
const LONGEST_SESSION_MS = 75 * 60_000;

/**
 * Marks matched sessions whose join window is open (start - `earlyMs` ≤ now < end) as announced and
 * emits `session.starting` for each, in one transaction; answers how many.
 */
export async function announceStartingSessions(db: Database, now: Date, earlyMs: number, limit: number): Promise<number> {
  return db.write(async (tx) => {
    const at = now.getTime();
    const rows = await tx.all(
      `SELECT id FROM sessions WHERE starting_announced = 0 AND status = 'matched' AND start_at > ? AND start_at <= ? AND end_at > ?
       ORDER BY start_at LIMIT ?`,
      [at - LONGEST_SESSION_MS, at + earlyMs, at, limit],
    );
    for (const row of rows) {
      await tx.run('UPDATE sessions SET starting_announced = 1 WHERE id = ?', [String(row.id)]);
      await emitStarting(tx, String(row.id), now);
    }
    return rows.length;
  });
}
