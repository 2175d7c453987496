import type { AppDeps } from '../config/app-env.js';
import type { MailSettings } from '../config/mail-settings.js';
import { conflict } from '../http/problems.js';

/**
 * The refusal of a feature that needs mail on a server that sends none (SPEC §14): it names the
 * setting that would turn mail on and, for the person asking, what to do instead.
 */
export function mailOn(deps: AppDeps, instead: string): MailSettings {
  if (deps.mail) return deps.mail;
  throw conflict('mail-off', 'This server sends no mail',
    `This server sends no mail (its operator has not set COWORK_SMTP_URL and COWORK_MAIL_FROM), so this cannot be done by mail. ${instead}`);
}

/** What the mails call the server: its public URL. */
export const serverName = (deps: AppDeps) => deps.publicUrl ?? 'this cowork server';
