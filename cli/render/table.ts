/**
 * A table that fits the terminal: one record per line, columns padded, and when the width is short,
 * flexible columns shrink (with "…") and optional ones go, in the order given. Cells are plain text;
 * colour is painted after fitting so it never counts towards the width.
 */
export interface Column {
  header: string;
  cells: string[];
  /**
   * How the column makes room when the line is too wide, lowest `order` first: it is cut down to
   * `min` characters (with "…"), then left out if `drop`. Columns without it keep their width.
   */
  give?: { order: number; min?: number; drop?: boolean };
  /** Per row, shorter ways to say the cell, longest first: a cell too wide says the longest that fits before it is cut. */
  shorter?: (string[] | undefined)[];
  paint?: (text: string, row: number) => string;
}

const GAP = 2;

/** The width to fit: the terminal's, else COLUMNS, else none (a pipe keeps whole lines). */
export function widthFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): number {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return stream.isTTY && stream.columns ? stream.columns : Number.POSITIVE_INFINITY;
}

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
/** Emoji and East Asian wide characters take two terminal columns. */
const WIDE = /\p{Extended_Pictographic}|[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;
const columnsOf = (grapheme: string) => (WIDE.test(grapheme) ? 2 : 1);
export const displayWidth = (text: string) => graphemes(text).reduce((sum, g) => sum + columnsOf(g), 0);

function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const grapheme of graphemes(text)) {
    if (used + columnsOf(grapheme) > width - 1) break;
    kept += grapheme;
    used += columnsOf(grapheme);
  }
  return `${kept}…`;
}

function fit(columns: Column[], width: number): { columns: Column[]; widths: number[] } {
  const natural = (c: Column) => Math.max(displayWidth(c.header), ...c.cells.map(displayWidth));
  const kept = columns.map((column) => ({ column, width: natural(column) }));
  const excess = () => kept.reduce((sum, k) => sum + k.width, 0) + GAP * (kept.length - 1) - width;
  const givers = kept.filter((k) => k.column.give).sort((a, b) => (a.column.give?.order ?? 0) - (b.column.give?.order ?? 0));
  for (const giver of givers) {
    if (excess() <= 0) break;
    const { min, drop } = giver.column.give ?? {};
    if (min !== undefined) giver.width = Math.max(min, displayWidth(giver.column.header), giver.width - excess());
    if (excess() > 0 && drop) kept.splice(kept.indexOf(giver), 1);
  }
  if (excess() > 0) {
    // Nothing left to give up: cut the widest column so the line still fits.
    const widest = kept.reduce((a, b) => (b.width > a.width ? b : a));
    widest.width = Math.max(1, widest.width - excess());
  }
  return { columns: kept.map((k) => k.column), widths: kept.map((k) => k.width) };
}

function said(text: string, shorter: string[] | undefined, width: number): string {
  if (displayWidth(text) <= width) return text;
  const forms = shorter ?? [];
  return forms.find((form) => displayWidth(form) <= width) ?? cut(forms.at(-1) ?? text, width);
}

export function renderTable(allColumns: Column[], width: number, header: (text: string) => string = (t) => t): string {
  const { columns, widths } = fit(allColumns, width);
  const rows = allColumns[0]?.cells.length ?? 0;
  const line = (cell: (column: Column, i: number) => string, row?: number) =>
    columns.map((column, i) => {
      const text = said(cell(column, i), row === undefined ? undefined : column.shorter?.[row], widths[i] ?? 0);
      const padded = i === columns.length - 1 ? text : text + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(text)));
      return { text, padded };
    });
  const out = [line((c) => c.header).map((c) => c.padded).join(' '.repeat(GAP)).trimEnd()];
  out[0] = header(out[0] ?? '');
  for (let row = 0; row < rows; row++) {
    const cells = line((c) => c.cells[row] ?? '', row);
    out.push(cells.map(({ text, padded }, i) => {
      const paint = columns[i]?.paint;
      return paint ? paint(text, row) + padded.slice(text.length) : padded;
    }).join(' '.repeat(GAP)).trimEnd());
  }
  return out.join('\n');
}
