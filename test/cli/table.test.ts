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

  test('a cell with shorter ways to say it says the longest that fits before it is cut', () => {
    const status: Column = { header: 'STATUS', cells: ['matched with Bartholomew', 'matched with Cy'], shorter: [['with Bartholomew', 'Bartholomew'], ['with Cy', 'Cy']], give: { order: 1, min: 9 } };
    const id: Column = { header: 'ID', cells: ['0123456789abcdef', 'fedcba9876543210'] };
    const at = (width: number) => renderTable([status, id], width).split('\n').slice(1);
    assert.deepEqual(at(100), ['matched with Bartholomew  0123456789abcdef', 'matched with Cy           fedcba9876543210']);
    assert.deepEqual(at(34), ['with Bartholomew  0123456789abcdef', 'matched with Cy   fedcba9876543210']);
    assert.deepEqual(at(29), ['Bartholomew  0123456789abcdef', 'with Cy      fedcba9876543210']);
    assert.deepEqual(at(27), ['Bartholo…  0123456789abcdef', 'with Cy    fedcba9876543210']);
  });
});
