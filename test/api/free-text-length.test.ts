import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freeText, longerThan } from '../../api/http/validation.js';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string) => [...segmenter.segment(text)].length;

describe('free text is measured in characters as people count them', () => {
  test('longerThan agrees with a full grapheme count, for ASCII and for text that needs segmenting', () => {
    const texts = ['', 'x', 'x'.repeat(10), 'x'.repeat(11), ' ~'.repeat(6), 'e\u0301'.repeat(10), 'e\u0301'.repeat(11), FAMILY.repeat(10),
      FAMILY.repeat(11), `${'x'.repeat(9)}${FAMILY}`, `${'x'.repeat(10)}${FAMILY}`, 'a\r\nb'.repeat(4), 'café'.repeat(3), 'ж'.repeat(11)];
    for (const text of texts) assert.equal(longerThan(text, 10), graphemes(text) > 10, JSON.stringify(text));
  });

  test('a task of 281 characters is refused and one of 280 accepted, ASCII or accented', () => {
    const task = freeText(280);
    for (const unit of ['y', 'e\u0301', FAMILY]) {
      assert.equal(task.safeParse(unit.repeat(280)).success, true, unit);
      assert.match(task.safeParse(unit.repeat(281)).error?.issues[0]?.message ?? '', /at most 280 characters/, unit);
    }
  });
});
