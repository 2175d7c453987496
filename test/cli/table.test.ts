import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { displayWidth, renderTable, type Column } from '../../cli/render/table.js';

/** The table renderer every listing uses: it fits the width it is given, giving room in a stated order. */
const columns = (task: string): Column[] => [
  { header: 'WHEN', cells: ['Mon 7 Jan, 16:00–16:50'] },
  { header: 'PARTNER', cells: ['Bartholomew'], give: { order: 2, min: 8, drop: true } },
  { header: 'TASK', cells: [task], give: { order: 1, min: 12, drop: true } },
  { header: 'ID', cells: ['0123456789abcdef'] },
];

describe('fitting a table to the width', () => {
  test('with room, every cell is whole', () => {
    const lines = renderTable(columns('write the report'), Number.POSITIVE_INFINITY).split('\n');
    assert.equal(lines[1], 'Mon 7 Jan, 16:00–16:50  Bartholomew  write the report  0123456789abcdef');
  });

  test('short of room, the task is cut first, with an ellipsis', () => {
    const lines = renderTable(columns('write the quarterly report for the board'), 70).split('\n');
    assert.ok(lines.every((line) => displayWidth(line) <= 70), lines.join('\n'));
    assert.match(lines[1] ?? '', /Bartholomew {2}write the q.*… {2}0123456789abcdef$/);
  });

  test('emoji count two columns each, so a line of them still fits', () => {
    const lines = renderTable(columns('🎉'.repeat(40)), 80).split('\n');
    assert.ok(lines.every((line) => displayWidth(line) <= 80), lines.join('\n'));
    assert.match(lines[1] ?? '', /🎉…/);
  });

  test('when cutting is not enough, columns are left out in order and the id stays', () => {
    const lines = renderTable(columns('write the report'), 45).split('\n');
    assert.equal(lines[0], 'WHEN                    ID');
    assert.ok(lines.every((line) => displayWidth(line) <= 45));
  });
});
