import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';

export interface ListOptions extends GlobalOptions {
  all?: boolean | undefined;
}

/** Upcoming live sessions, or with --all every session ever, past and cancelled included. */
export async function list(options: ListOptions): Promise<void> {
  const { client, now } = connect(options);
  const query: Record<string, string> = options.all
    ? { from: '1970-01-01T00:00:00Z', status: 'waiting,matched,cancelled', limit: '100' }
    : { limit: '100' };
  const sessions = await client.listAll(query);
  if (options.json) return printJson(sessions);
  if (sessions.length === 0) {
    say(options.all ? 'You have no sessions yet.' : 'No upcoming sessions. Book one with `cowork book 50m 14:00`.');
    return;
  }
  // The table and chalk are loaded only for people, which keeps `list --json` quick to start.
  const [{ renderSessionTable }, { viewFor }, { widthFor }] = await Promise.all([
    import('../render/session-table.js'), import('../render/session.js'), import('../render/table.js'),
  ]);
  printLine(renderSessionTable(sessions, viewFor(process.stdout, options, now()), widthFor(process.stdout)));
}
