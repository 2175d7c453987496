import type { MailSettings } from '../api-types.js';
import { ApiError, type CoworkClient } from '../client.js';
import { UsageError } from '../errors.js';

/** The mail flags of `cowork settings` (SPEC §14). */
export interface MailFlags {
  mailReminder?: string | undefined;
  mailMatches?: boolean | undefined;
}

export const hasMailFlags = (flags: MailFlags) => flags.mailReminder !== undefined || flags.mailMatches !== undefined;

/** `10m`, `1h`, `1h30m`, `90` (minutes), or `off`: minutes from 1 to a day, or null. */
export function reminderMinutes(text: string): number | null {
  if (text.trim().toLowerCase() === 'off') return null;
  const match = /^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min)?)?\s*$/i.exec(text);
  const minutes = match && (match[1] || match[2]) ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : NaN;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) {
    throw new UsageError(`--mail-reminder must be a time before the session such as 10m, 1h or 1h30m (at most a day), or off; not "${text}".`);
  }
  return minutes;
}

/** Changes the mail settings the flags name, or reads them; undefined from a server older than mail. */
export async function mailSettingsFor(client: CoworkClient, flags: MailFlags): Promise<MailSettings | undefined> {
  if (hasMailFlags(flags)) {
    return client.updateMailSettings({
      ...(flags.mailReminder === undefined ? {} : { reminderMinutes: reminderMinutes(flags.mailReminder) }),
      ...(flags.mailMatches === undefined ? {} : { matches: flags.mailMatches }),
    });
  }
  try {
    return await client.mailSettings();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export function describeMailSettings(mail: MailSettings): string {
  if (!mail.mail) return 'mail          off on this server (no reminders or notices by mail)';
  const address = `${mail.email} (${mail.verified ? 'verified' : 'not verified: cowork verify <code>'})${mail.pendingEmail ? `, changing to ${mail.pendingEmail}` : ''}`;
  return [
    `email         ${address}`,
    `reminder      ${mail.reminderMinutes === null ? 'off' : `${mail.reminderMinutes} min before each session`}`,
    `match mails   ${mail.matches ? 'on (matched, unmatched, cancelled)' : 'off'}`,
  ].join('\n');
}
