import { printJson, printLine, type GlobalOptions } from '../output.js';
import { styleFor } from '../render/style.js';
import { widthFor } from '../render/table.js';
import { renderWeekChart, statsInWords } from '../render/week-chart.js';
import { connect } from './context.js';

/** Your sessions per week as a bar chart, then streaks, score and misses in words. */
export async function stats(options: GlobalOptions): Promise<void> {
  const { client } = connect(options);
  const numbers = await client.stats();
  if (options.json) return printJson(numbers);
  const style = styleFor(process.stdout, options.color);
  printLine('Sessions completed per week (weeks start on Monday, in your time zone):');
  for (const line of renderWeekChart(numbers.weeks, style, widthFor(process.stdout))) printLine(line);
  printLine();
  for (const line of statsInWords(numbers, style)) printLine(line);
}
