import type { Database } from './database.js';

/**
 * Failed log-ins per email, kept in the database so every API process sees the same count.
 * After MAX_FAILURES within WINDOW_MS the email is refused until the window ends.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

/** When log-ins for this email are refused, the time they are accepted again; else null. */
export async function loginLockedUntil(db: Database, email: string, now: Date): Promise<Date | null> {
  const row = await db.get('SELECT failures, window_start FROM login_failures WHERE email = ?', [email]);
  if (!row) return null;
  const reopens = Number(row.window_start) + WINDOW_MS;
  return Number(row.failures) >= MAX_FAILURES && reopens > now.getTime() ? new Date(reopens) : null;
}

export async function recordLoginFailure(db: Database, email: string, now: Date): Promise<void> {
  const at = now.getTime();
  await db.write((tx) =>
    tx.run(
      `INSERT INTO login_failures (email, failures, window_start) VALUES (?, 1, ?)
       ON CONFLICT (email) DO UPDATE SET
         failures = CASE WHEN window_start + ? <= excluded.window_start THEN 1 ELSE failures + 1 END,
         window_start = CASE WHEN window_start + ? <= excluded.window_start THEN excluded.window_start ELSE window_start END`,
      [email, at, WINDOW_MS, WINDOW_MS],
    ),
  );
}

export async function clearLoginFailures(db: Database, email: string): Promise<void> {
  await db.write((tx) => tx.run('DELETE FROM login_failures WHERE email = ?', [email]));
}
