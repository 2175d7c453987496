import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { momentWords } from '../time/words.js';
import { connect } from './context.js';

/** The people you have been paired with, most recent first, marked ★ favourite or ⊘ blocked. */
export async function partners(options: GlobalOptions): Promise<void> {
  const { client, words } = connect(options);
  const { data } = await client.partners();
  if (options.json) return printJson(data);
  if (data.length === 0) return say('You have not been paired with anyone yet.');
  const width = Math.max(...data.map((p) => p.name.length));
  for (const p of data) {
    // Blocked wins: a block ends a favourite, and a server from before that may still say both.
    const mark = p.blocked ? ' ⊘' : p.favorite ? ' ★' : '  ';
    printLine(`${p.name.padEnd(width)}${mark}  last ${momentWords(new Date(p.lastSession.start), words())}  ${p.id}`);
  }
}
