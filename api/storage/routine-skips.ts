import { occurrencesBetween } from '../domain/recurrence.js';
import { assertSkipWithinReach, coversOccurrence, mergeSkip, piecesLeft, type SkipRange } from '../domain/skip-ranges.js';
import type { Database, WriteTx } from './engine/database.js';
import { recurrenceOf, rollRoutine, skipsBetween } from './routine-booking.js';
import { futureSessionsOf, iso, routineRow, toRoutine, type Routine } from './routines.js';
import { cancelInTransaction } from './sessions.js';

/**
 * A routine's holidays (SPEC §9), kept as ranges in `routine_skips` (api/domain/skip-ranges.ts):
 * a skipped occurrence has no row of its own, so skipping a year is one row, not 365.
 */

const FAR_FUTURE = new Date(8.64e15);

async function replaceRanges(tx: WriteTx, routineId: string, gone: readonly SkipRange[], added: readonly SkipRange[]): Promise<void> {
  for (const range of gone) await tx.run('DELETE FROM routine_skips WHERE routine_id = ? AND from_at = ?', [routineId, range.from]);
  for (const range of added) {
    await tx.run(
      `INSERT INTO routine_skips (routine_id, from_at, to_at) VALUES (?, ?, ?)
       ON CONFLICT (routine_id, from_at) DO UPDATE SET to_at = max(to_at, excluded.to_at)`,
      [routineId, range.from, range.to],
    );
  }
}

/**
 * A holiday: cancels the routine's sessions starting in [from, to) and keeps the range off, so no
 * roll books there. Occurrences already past are left as they were. The rows of occurrences ahead
 * in the range go, so that lifting it settles them afresh, except one whose session the person had
 * cancelled themselves: it stays `booked`, which lifting the skip must not book again (SPEC §9).
 */
export async function skipRange(
  db: Database, userId: string, id: string, range: { from: Date; to: Date }, now: Date,
): Promise<{ routine: Routine; cancelled: string[] }> {
  return db.write(async (tx) => {
    const row = await routineRow(tx, userId, id);
    assertSkipWithinReach(range.to, now);
    const from = new Date(Math.max(range.from.getTime(), now.getTime()));
    const cancelled = await futureSessionsOf(tx, id, from, range.to, `('waiting', 'matched')`);
    for (const sessionId of cancelled) {
      await cancelInTransaction(tx, userId, sessionId, now);
      await tx.run('DELETE FROM routine_occurrences WHERE routine_id = ? AND session_id = ?', [id, sessionId]);
    }
    await tx.run(`DELETE FROM routine_occurrences WHERE routine_id = ? AND start_at >= ? AND start_at < ? AND outcome <> 'booked'`, [id, from.getTime(), range.to.getTime()]);
    const recurrence = recurrenceOf(row);
    // A range over no occurrence ahead would hold nothing off; keeping it would only grow the table.
    if (coversOccurrence(recurrence, from.getTime(), range.to.getTime())) {
      const existing = await skipsBetween(tx, id, now, FAR_FUTURE);
      const { merged, absorbed } = mergeSkip(recurrence, existing, { from: from.getTime(), to: range.to.getTime() });
      await replaceRanges(tx, id, absorbed, [merged]);
    }
    return { routine: await toRoutine(tx, row, now), cancelled };
  });
}

/**
 * Lifts a holiday: the occurrences ahead in [from, to) that a skip held off are settled again as if
 * never skipped. The ranges shrink or split around [from, to), and `booked_until` moves back to the
 * first lifted occurrence, so the roll walks over them again; it claims only occurrences without a
 * row, so one the person cancelled, or settled before the skip and never cancelled by it, stays as it
 * was. Rolled at once, like a resume; a paused routine books them when resumed, and the horizon
 * reaches those further ahead in time.
 */
export async function unskipRange(
  db: Database, userId: string, id: string, range: { from: Date; to: Date }, now: Date, maxUpcoming: number,
): Promise<{ routine: Routine; lifted: string[]; booked: string[] }> {
  return db.write(async (tx) => {
    const row = await routineRow(tx, userId, id);
    const recurrence = recurrenceOf(row);
    const lifting = { from: range.from.getTime(), to: range.to.getTime() };
    const overlapping = await skipsBetween(tx, id, new Date(Math.max(lifting.from, now.getTime())), range.to);
    const candidates = overlapping.flatMap((skip) => occurrencesBetween(
      recurrence, new Date(Math.max(skip.from, lifting.from)), new Date(Math.min(skip.to, lifting.to)),
    ).map((occurrence) => occurrence.start.getTime()).filter((start) => start > now.getTime()));
    const settled = new Set(candidates.length === 0 ? [] : (await tx.all(
      'SELECT start_at FROM routine_occurrences WHERE routine_id = ? AND start_at >= ? AND start_at <= ?', [id, candidates[0]!, candidates.at(-1)!],
    )).map((settledRow) => Number(settledRow.start_at)));
    const lifted = candidates.filter((start) => !settled.has(start));
    await replaceRanges(tx, id, overlapping, overlapping.flatMap((skip) => piecesLeft(recurrence, skip, lifting, now)));
    if (lifted.length > 0) {
      await tx.run('UPDATE routines SET booked_until = min(booked_until, ?), next_roll_at = ? WHERE id = ?', [lifted[0]!, now.getTime(), id]);
      await rollRoutine(tx, await routineRow(tx, userId, id), now, maxUpcoming);
    }
    const booked = lifted.length === 0 ? [] : await tx.all(
      `SELECT start_at, session_id FROM routine_occurrences WHERE routine_id = ? AND outcome = 'booked' AND start_at >= ? AND start_at <= ? ORDER BY start_at`,
      [id, lifted[0]!, lifted.at(-1)!],
    );
    const wasLifted = new Set(lifted);
    return {
      routine: await toRoutine(tx, await routineRow(tx, userId, id), now),
      lifted: lifted.map(iso),
      booked: booked.filter((bookedRow) => wasLifted.has(Number(bookedRow.start_at))).map((bookedRow) => String(bookedRow.session_id)),
    };
  });
}
