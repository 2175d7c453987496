import type { BusyCalendar } from '../api-types.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { momentWithDistance, spanWords, type TimeWords } from '../time/words.js';
import { connect } from './context.js';

/** `cowork calendar busy set|show|rm`: the person's own calendar whose busy times bookings keep clear of (SPEC §15). */
export async function busySet(url: string, options: GlobalOptions): Promise<void> {
  const { client, words } = connect(options);
  const calendar = await client.setBusyCalendar(url);
  if (options.json) return printJson(calendar);
  printLine(describeBusyCalendar(calendar, words()));
  say('The server fetches it within a minute, then every 15 minutes. Bookings over its events are refused (`cowork book … --anyway` books anyway), routines skip them, `cowork slots` leaves them out.');
}

export async function busyShow(options: GlobalOptions): Promise<void> {
  const { client, words } = connect(options);
  const calendar = await client.busyCalendar();
  if (options.json) return printJson(calendar);
  printLine(describeBusyCalendar(calendar, words()));
}

export async function busyRm(options: GlobalOptions): Promise<void> {
  const { client } = connect(options);
  await client.removeBusyCalendar();
  if (options.json) return printJson({ removed: true });
  say('Busy calendar forgotten: its busy times no longer hold bookings back, and routine sessions skipped for them are booked again.');
}

function describeBusyCalendar(calendar: BusyCalendar, words: TimeWords): string {
  const fetched = calendar.lastSuccessAt === null
    ? 'not fetched yet'
    : `fetched ${momentWithDistance(new Date(calendar.lastSuccessAt), words)}`;
  const lines = [calendar.url, `  ${fetched}`];
  if (calendar.lastError !== null) lines.push(`  the last fetch failed: ${calendar.lastError} (the busy times below are from the last that worked)`);
  if (calendar.busy.length === 0 && calendar.lastSuccessAt !== null) lines.push('  nothing busy ahead');
  for (const event of calendar.busy) lines.push(`  ${spanWords(new Date(event.start), new Date(event.end), words)}  ${event.title}`);
  return lines.join('\n');
}
