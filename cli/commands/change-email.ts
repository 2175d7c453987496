import { UsageError } from '../errors.js';
import { askPassword, readStdin } from '../interaction.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';
import { checkEmail } from './signup.js';

export interface ChangeEmailOptions extends GlobalOptions {
  passwordStdin?: boolean | undefined;
}

/** A new address (SPEC §14): a code goes to it, and it replaces the old one only once verified. */
export async function changeEmail(email: string, options: ChangeEmailOptions): Promise<void> {
  if (checkEmail(email) !== true) throw new UsageError(`"${email}" is not an email address.`, 'Write it like cowork change-email ada@example.com.');
  const { client } = connect(options);
  const currentPassword = options.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : await askPassword('Current password:', '--password-stdin');
  if (!currentPassword) throw new UsageError('Standard input held no password.', 'printf %s "$PASSWORD" | cowork change-email ada@example.com --password-stdin');
  const mail = await client.changeEmail({ email: email.trim(), currentPassword });
  if (options.json) printJson(mail);
  say(`A code is on its way to ${mail.pendingEmail ?? email}; your address stays ${mail.email} until you run: cowork verify <code>`);
}
