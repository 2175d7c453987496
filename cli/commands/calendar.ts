import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';

export interface CalendarOptions extends GlobalOptions {
  rotate?: boolean | undefined;
}

/** Prints the secret calendar feed URL (made on first use); --rotate replaces it, so the old one stops working. */
export async function calendar(options: CalendarOptions): Promise<void> {
  const { client } = connect(options);
  const feed = await client.calendar(Boolean(options.rotate));
  if (options.json) return printJson(feed);
  printLine(feed.url);
  say(options.rotate
    ? 'A new URL: the old one stopped working; subscribe again with this one.'
    : 'Subscribe to it in your calendar app (by URL). Anyone with the URL sees your sessions: `cowork calendar --rotate` replaces it.');
}
