import { UsageError } from '../errors.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { connect, findSession } from './context.js';

export const REPORT_REASONS = ['no-show', 'inappropriate', 'other'] as const;

export interface ReportOptions extends GlobalOptions {
  reason?: string | undefined;
  note?: string | undefined;
  user?: string | undefined;
}

/**
 * Reports the partner of one of your sessions (and blocks them). The session's partner by
 * default; `--user <id>` names an earlier partner of the same session (before a rematch).
 */
export async function report(target: string, options: ReportOptions): Promise<void> {
  const reason = options.reason;
  if (!reason) throw new UsageError('--reason is missing.', 'Pass --reason no-show, inappropriate or other.');
  const { client } = connect(options);
  const session = await findSession(client, target);
  const userId = options.user ?? session.partner?.id;
  if (!userId) throw new UsageError(`Session ${session.id} has no partner now.`, 'Name the person with --user <id> if you were paired with them in it.');
  const receipt = await client.report({ userId, sessionId: session.id, reason, ...(options.note ? { note: options.note } : {}) });
  if (options.json) printJson(receipt);
  const who = options.user === undefined && session.partner ? session.partner.name : userId;
  say(`Reported ${who} to the server's admins (${reason}). You will not be paired with them again.`);
}
