import { z } from '@hono/zod-openapi';
import { emailAddress, newPassword } from '../http/validation.js';

// What the mail routes (SPEC §14) take and answer. Every one carries the tag MAIL_TAG.

export const MAIL_TAG = ['Mail'];

/** At most a day ahead: a reminder is for the session about to start. */
export const MAX_REMINDER_MINUTES = 24 * 60;

const code = z.string('must be a string').min(1, 'must not be empty').max(40, 'must be at most 40 characters')
  .openapi({ description: 'The code from the mail, such as 7KQ2M-X9WTD (case, spaces and dashes do not matter)', example: '7KQ2M-X9WTD' });
const currentPassword = z.string('must be a string').min(1, 'must not be empty').max(1024, 'must be at most 1024 characters');

export const MailSettingsSchema = z
  .strictObject({
    mail: z.boolean().openapi({ description: 'Whether this server sends mail at all (COWORK_SMTP_URL); when false, nothing below is mailed' }),
    email: z.email(),
    verified: z.boolean().openapi({ description: 'Whether this address was verified with a mailed code' }),
    pendingEmail: z.union([z.email(), z.null()]).openapi({ description: 'A new address waiting for its code; the account keeps `email` until then' }),
    reminderMinutes: z.union([z.int(), z.null()]).openapi({ description: 'Minutes before each session that a reminder is mailed; null: none' }),
    matches: z.boolean().openapi({ description: 'Whether a mail tells when a session is matched, unmatched or cancelled' }),
  })
  .openapi('MailSettings');

export const mailSettingsBody = z
  .strictObject({
    reminderMinutes: z.union([
      z.int('must be a whole number of minutes or null').min(1, 'must be at least 1').max(MAX_REMINDER_MINUTES, `must be at most ${MAX_REMINDER_MINUTES} (a day)`),
      z.null(),
    ]).optional().openapi({ description: 'Minutes before each session to mail a reminder; null turns reminders off' }),
    matches: z.boolean('must be true or false').optional(),
  });

export const verifyBody = z.strictObject({ code });

export const changeEmailBody = z.strictObject({ email: emailAddress, currentPassword });

export const resetRequestBody = z.strictObject({ email: emailAddress });

export const resetConfirmBody = z.strictObject({ email: emailAddress, code, password: newPassword });

export const unsubscribeQuery = z.strictObject({
  token: z.string('must be a string').regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be the token of an unsubscribe link')
    .openapi({ description: 'The signed token of the List-Unsubscribe link' }),
});
