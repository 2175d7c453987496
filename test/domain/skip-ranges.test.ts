import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Recurrence } from '../../api/domain/recurrence.js';
import { mergeSkip, piecesLeft, type SkipRange } from '../../api/domain/skip-ranges.js';

const WEEKDAYS: Recurrence = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '09:00', timezone: 'UTC' };
/** Midnight UTC of a January 2030 day (the 7th is a Monday). */
const jan = (day: number) => Date.UTC(2030, 0, day);
const range = (from: number, to: number): SkipRange => ({ from: jan(from), to: jan(to) });
const NOW = new Date(jan(1));

describe('skip ranges', () => {
  const merges: { rule: string; existing: SkipRange[]; added: SkipRange; merged: SkipRange; absorbed: number }[] = [
    { rule: 'a range alone stays as it is', existing: [], added: range(8, 9), merged: range(8, 9), absorbed: 0 },
    { rule: 'ranges that touch become one', existing: [range(8, 9)], added: range(9, 10), merged: range(8, 10), absorbed: 1 },
    { rule: 'overlapping ranges become one', existing: [range(8, 11), range(14, 16)], added: range(10, 15), merged: range(8, 16), absorbed: 2 },
    { rule: 'a weekend between Friday and Monday holds no occurrence: one range', existing: [range(11, 12)], added: range(14, 15), merged: range(11, 15), absorbed: 1 },
    { rule: 'an occurrence between keeps them apart', existing: [range(8, 9)], added: range(10, 11), merged: range(10, 11), absorbed: 0 },
    { rule: 'Friday between a Thursday and a Monday skip joins all three', existing: [range(10, 11), range(14, 15)], added: range(11, 12), merged: range(10, 15), absorbed: 2 },
  ];
  for (const { rule, existing, added, merged, absorbed } of merges) {
    test(rule, () => {
      const result = mergeSkip(WEEKDAYS, existing, added);
      assert.deepEqual([result.merged, result.absorbed.length], [merged, absorbed]);
    });
  }

  test('lifting the middle of a range splits it; a piece over no occurrence ahead is dropped', () => {
    assert.deepEqual(piecesLeft(WEEKDAYS, range(7, 19), range(10, 12), NOW), [range(7, 10), range(12, 19)]);
    assert.deepEqual(piecesLeft(WEEKDAYS, range(7, 19), range(7, 19), NOW), []);
    assert.deepEqual(piecesLeft(WEEKDAYS, range(7, 19), range(8, 19), new Date(jan(7) + 12 * 3_600_000)), [], 'Monday 7 at 09:00 is past at noon');
    assert.deepEqual(piecesLeft(WEEKDAYS, range(11, 19), range(8, 14), NOW), [range(14, 19)], 'the weekend piece holds nothing, the rest stays');
  });
});
