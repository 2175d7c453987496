/**
 * A table that fits the terminal: one record per line, columns padded, and when the width is short,
 * flexible columns shrink (with "…") and optional ones go, in the order given. Cells are plain text;
 * colour is painted after fitting so it never counts towards the width.
 */
export interface Column {
  header: string;
  cells: string[];
  /** May be cut down to `min` characters (tasks, names). */
  flex?: { min: number };
  /** Columns with a rank may be left out when even shrinking is not enough; lowest rank goes first. */
  dropRank?: number;
  paint?: (text: string, row: number) => string;
}

const GAP = 2;

/** The width to fit: the terminal's, else COLUMNS, else none (a pipe keeps whole lines). */
export function widthFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): number {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return stream.isTTY && stream.columns ? stream.columns : Number.POSITIVE_INFINITY;
}

const chars = (text: string) => [...text];
const cut = (text: string, width: number) => (chars(text).length <= width ? text : `${chars(text).slice(0, Math.max(0, width - 1)).join('')}…`);

function fit(columns: Column[], width: number): { columns: Column[]; widths: number[] } {
  let kept = [...columns];
  let widths = kept.map((c) => Math.max(chars(c.header).length, ...c.cells.map((cell) => chars(cell).length)));
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  for (;;) {
    let excess = total() - width;
    if (excess <= 0) break;
    kept.forEach((column, i) => {
      if (!column.flex || excess <= 0) return;
      const give = Math.min(excess, Math.max(0, (widths[i] ?? 0) - Math.max(column.flex.min, chars(column.header).length)));
      widths[i] = (widths[i] ?? 0) - give;
      excess -= give;
    });
    if (excess <= 0) break;
    const droppable = kept.filter((c) => c.dropRank !== undefined).sort((a, b) => (a.dropRank ?? 0) - (b.dropRank ?? 0))[0];
    if (!droppable) {
      // Nothing left to give up: cut the widest column so the line still fits.
      const widest = widths.indexOf(Math.max(...widths));
      widths[widest] = Math.max(1, (widths[widest] ?? 0) - excess);
      break;
    }
    const index = kept.indexOf(droppable);
    kept = kept.filter((_, i) => i !== index);
    widths = widths.filter((_, i) => i !== index);
  }
  return { columns: kept, widths };
}

export function renderTable(allColumns: Column[], width: number, header: (text: string) => string = (t) => t): string {
  const { columns, widths } = fit(allColumns, width);
  const rows = allColumns[0]?.cells.length ?? 0;
  const line = (cell: (column: Column, i: number) => string) =>
    columns.map((column, i) => {
      const text = cut(cell(column, i), widths[i] ?? 0);
      const padded = i === columns.length - 1 ? text : text + ' '.repeat(Math.max(0, (widths[i] ?? 0) - chars(text).length));
      return { text, padded };
    });
  const out = [line((c) => c.header).map((c) => c.padded).join(' '.repeat(GAP)).trimEnd()];
  out[0] = header(out[0] ?? '');
  for (let row = 0; row < rows; row++) {
    const cells = line((c) => c.cells[row] ?? '');
    out.push(cells.map(({ text, padded }, i) => {
      const paint = columns[i]?.paint;
      return paint ? paint(text, row) + padded.slice(text.length) : padded;
    }).join(' '.repeat(GAP)).trimEnd());
  }
  return out.join('\n');
}
