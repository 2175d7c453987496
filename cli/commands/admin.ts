import type { Report } from '../api-types.js';
import { UsageError } from '../errors.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { styleFor } from '../render/style.js';
import { renderTable, widthFor } from '../render/table.js';
import { momentWithDistance, relativeWords, spanWords, type TimeWords } from '../time/words.js';
import { resolveAdminTarget } from './admin-person.js';
import { connect } from './context.js';

/** The moderation commands of the server's admins (SPEC §8): reports, suspensions, invites. */

function renderReports(reports: Report[], words: TimeWords, options: GlobalOptions): string {
  const style = styleFor(process.stdout, options.color);
  return renderTable([
    { header: 'WHEN', cells: reports.map((r) => relativeWords(new Date(r.createdAt), words)) },
    { header: 'REASON', cells: reports.map((r) => r.reason) },
    { header: 'REPORTED', cells: reports.map((r) => `${r.reported.name} <${r.reported.email}>${r.reported.suspended ? ' (suspended)' : ''}`) },
    { header: 'ID', cells: reports.map((r) => r.reported.id), paint: (text) => style.dim(text) },
    { header: 'BY', cells: reports.map((r) => r.reporter.name), give: { order: 2, min: 8, drop: true } },
    { header: 'SESSION', cells: reports.map((r) => spanWords(new Date(r.session.start), new Date(Date.parse(r.session.start) + r.session.duration * 60_000), words, { short: true })), give: { order: 1, drop: true } },
    { header: 'NOTE', cells: reports.map((r) => r.note ?? '–'), give: { order: 0, min: 12, drop: true } },
  ], widthFor(process.stdout), (text) => style.bold(text));
}

export interface AdminReportsOptions extends GlobalOptions {
  limit?: string | undefined;
}

export async function adminReports(options: AdminReportsOptions): Promise<void> {
  const { client, words } = connect(options);
  const limit = options.limit ?? '20';
  if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 100) throw new UsageError('--limit must be a whole number from 1 to 100.');
  const page = await client.reports({ limit });
  if (options.json) return printJson(page.data);
  if (page.data.length === 0) return say('No reports.');
  printLine(renderReports(page.data, words(), options));
  if (page.nextCursor) say(`Showing the newest ${page.data.length}; pass --limit for more (at most 100), or --json.`);
}

export interface SuspendOptions extends GlobalOptions {
  reason?: string | undefined;
}

/** `who` is the person's email or id. */
export async function adminSuspend(who: string, options: SuspendOptions): Promise<void> {
  if (!options.reason) throw new UsageError('--reason is missing.', 'Pass --reason "what they did"; they see it when logging in.');
  const { client } = connect(options);
  const person = await resolveAdminTarget(client, who);
  const suspension = await client.suspend(person.id, options.reason);
  if (options.json) printJson(suspension);
  say(`Suspended ${person.label}: their tokens and call links are revoked, their future sessions cancelled and partners re-paired.`);
}

export async function adminUnsuspend(who: string, options: GlobalOptions): Promise<void> {
  const { client } = connect(options);
  const person = await resolveAdminTarget(client, who);
  await client.unsuspend(person.id);
  say(`Lifted the suspension of ${person.label}; they can log in again.`);
}

export interface InviteOptions extends GlobalOptions {
  days?: string | undefined;
}

export async function adminInvite(options: InviteOptions): Promise<void> {
  const { client, words } = connect(options);
  const days = options.days ?? '7';
  if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 90) throw new UsageError('--days must be a whole number from 1 to 90.');
  const invite = await client.invite(Number(days));
  if (options.json) return printJson(invite);
  printLine(invite.code);
  say(`Single use; it expires ${momentWithDistance(new Date(invite.expiresAt), words())}. Sign up with \`cowork signup --invite <code>\`.`);
}
