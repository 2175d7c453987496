import { unprocessable } from '../http/problems.js';
import { occurrencesBetween, type Recurrence } from './recurrence.js';

/**
 * A routine's holidays (SPEC §9, §16) as ranges [from, to) of instants (ms), not one row per
 * skipped occurrence: a year of skips is a handful of ranges. A routine's ranges never overlap.
 */
export interface SkipRange {
  from: number;
  to: number;
}

/** How far ahead a skip may reach: far enough for next year's holidays, near enough to bound what one person keeps. */
export const SKIP_AHEAD_DAYS = 400;
const DAY_MS = 86_400_000;

/** Refuses a skip whose end lies more than SKIP_AHEAD_DAYS ahead, naming the latest end allowed. */
export function assertSkipWithinReach(to: Date, now: Date): void {
  const latest = new Date(now.getTime() + SKIP_AHEAD_DAYS * DAY_MS);
  if (to.getTime() <= latest.getTime()) return;
  throw unprocessable('skip-too-far', 'Skip reaches too far ahead',
    `A skip may reach at most ${SKIP_AHEAD_DAYS} days ahead: end it by ${latest.toISOString()} and skip the rest later.`, {
      latestEnd: latest.toISOString(),
      errors: [{ path: 'to', message: `must be at most ${SKIP_AHEAD_DAYS} days ahead (${latest.toISOString()})` }],
    });
}

export const isSkipped = (at: Date, ranges: readonly SkipRange[]) => ranges.some((range) => range.from <= at.getTime() && at.getTime() < range.to);

/** Whether any occurrence of the routine starts in [from, to). */
export const coversOccurrence = (recurrence: Recurrence, from: number, to: number) =>
  to > from && occurrencesBetween(recurrence, new Date(from), new Date(to)).length > 0;

/**
 * Adds `added` to a routine's ranges: it absorbs every range it overlaps or touches, and a
 * neighbour with no occurrence between them (a weekday routine's Friday and Monday skips are one
 * holiday). Answers the range to keep and the existing ones it replaces.
 */
export function mergeSkip(recurrence: Recurrence, existing: readonly SkipRange[], added: SkipRange): { merged: SkipRange; absorbed: SkipRange[] } {
  const merged = { ...added };
  const absorbed: SkipRange[] = [];
  let rest = [...existing].sort((a, b) => a.from - b.from);
  for (;;) {
    const joined = rest.filter((range) => range.from <= merged.to && range.to >= merged.from);
    // Ranges never overlap, so the nearest one on each side is the last that ends before, the first that starts after.
    const left = rest.filter((range) => range.to < merged.from).at(-1);
    const right = rest.find((range) => range.from > merged.to);
    if (left && !coversOccurrence(recurrence, left.to, merged.from)) joined.push(left);
    if (right && !coversOccurrence(recurrence, merged.to, right.from)) joined.push(right);
    if (joined.length === 0) break;
    for (const range of joined) {
      merged.from = Math.min(merged.from, range.from);
      merged.to = Math.max(merged.to, range.to);
    }
    absorbed.push(...joined);
    rest = rest.filter((range) => !joined.includes(range));
  }
  return { merged, absorbed };
}

/** What lifting [from, to) leaves of a range: the parts before and after it that still cover an occurrence. */
export function piecesLeft(recurrence: Recurrence, range: SkipRange, lifted: SkipRange, now: Date): SkipRange[] {
  const pieces = [{ from: range.from, to: Math.min(range.to, lifted.from) }, { from: Math.max(range.from, lifted.to), to: range.to }];
  return pieces.filter((piece) => coversOccurrence(recurrence, Math.max(piece.from, now.getTime()), piece.to));
}
