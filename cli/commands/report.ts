import { UsageError } from '../errors.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { connect, findSession } from './context.js';
import { resolvePartner } from './partner-lookup.js';

export const REPORT_REASONS = ['no-show', 'inappropriate', 'other'] as const;

export interface ReportOptions extends GlobalOptions {
  reason?: string | undefined;
  note?: string | undefined;
  user?: string | undefined;
}

/**
 * Reports the partner of one of your sessions (and blocks them). The session's partner by
 * default; `--user <name|id>` names an earlier partner of the same session (before a rematch).
 */
export async function report(target: string, options: ReportOptions): Promise<void> {
  const reason = options.reason;
  if (!reason) throw new UsageError('--reason is missing.', 'Pass --reason no-show, inappropriate or other.');
  const { client, words } = connect(options);
  const session = await findSession(client, target);
  const person = options.user === undefined ? session.partner : await resolvePartner(client, options.user, words());
  if (!person) throw new UsageError(`Session ${session.id} has no partner now.`, 'Name the person with --user <name|id> if you were paired with them in it.');
  const receipt = await client.report({ userId: person.id, sessionId: session.id, reason, ...(options.note ? { note: options.note } : {}) });
  if (options.json) printJson(receipt);
  say(`Reported ${person.name} to the server's admins (${reason}). You will not be paired with them again.`);
}
