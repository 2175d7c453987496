import { attendanceOf, SCORE_WINDOW, SCORED_IF_MATCHED_BEFORE_MS, type ScoredSession } from '../domain/attendance.js';
import type { WriteTx } from './engine/database.js';
import { ATTENDANCE_COLUMNS, attendanceFactsOf, START_PAIR, START_PAIR_JOINS } from './session-rows.js';

const matchedAnHourAhead = (side: 'session_a' | 'session_b') => `EXISTS (SELECT 1 FROM pairs m WHERE m.${side} = s.id
  AND m.created_at <= s.start_at - ${SCORED_IF_MATCHED_BEFORE_MS}
  AND (m.dissolved_at IS NULL OR m.dissolved_at > s.start_at - ${SCORED_IF_MATCHED_BEFORE_MS}))`;
const scoredIfMatchedAt = `(${matchedAnHourAhead('session_a')} OR ${matchedAnHourAhead('session_b')})`;

/** The person's last scored sessions, newest first: ended, matched 60 minutes before the start, then cancelled late or judged at the start. */
export async function lastScoredSessions(tx: Pick<WriteTx, 'all'>, userId: string, now: Date): Promise<ScoredSession[]> {
  const rows = await tx.all(
    // Only what the score reads: the session's attendance facts, without its partner and names.
    `SELECT s.start_at, s.late_cancel, ${ATTENDANCE_COLUMNS} FROM sessions s${START_PAIR_JOINS}
     WHERE s.user_id = ? AND s.start_at < ? AND s.end_at <= ? AND (s.late_cancel = 1 OR ${START_PAIR} IS NOT NULL) AND ${scoredIfMatchedAt}
     ORDER BY s.start_at DESC LIMIT ${SCORE_WINDOW}`,
    // Ended means started before now too: the bound on start_at skips the sessions ahead in the index.
    [userId, now.getTime(), now.getTime()],
  );
  return rows.map((row) => ({
    lateCancel: Number(row.late_cancel) === 1,
    attendance: attendanceOf(new Date(Number(row.start_at)), attendanceFactsOf(row), now),
  }));
}

