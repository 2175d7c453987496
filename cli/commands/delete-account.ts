import { saveToken } from '../config.js';
import { DeclinedError, UsageError } from '../errors.js';
import { askPassword, confirmOrRequireYes, readStdin } from '../interaction.js';
import { say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';

export interface DeleteAccountOptions extends GlobalOptions {
  passwordStdin?: boolean | undefined;
  yes?: boolean | undefined;
}

/** Deletes the account for good after a confirmation (--yes off a terminal) and the password. */
export async function deleteAccount(options: DeleteAccountOptions): Promise<void> {
  const { settings, client } = connect(options);
  const user = await client.me();
  const question = `Delete the account ${user.name} <${user.email}> on ${settings.server}? Your future sessions are cancelled and your data is gone for good.`;
  if (!(await confirmOrRequireYes(question, options.yes))) throw new DeclinedError('Nothing deleted.');
  const password = options.passwordStdin ? await readStdin() : await askPassword('Password:', '--password-stdin');
  if (!password) throw new UsageError('Standard input held no password.', 'printf %s "$PASSWORD" | cowork delete-account --password-stdin --yes');
  await client.deleteAccount(password);
  if (settings.tokenSource === 'config') await saveToken(settings.server, undefined);
  say(`Deleted the account ${user.email} on ${settings.server}. Your future sessions are cancelled and your partners are being re-paired.`);
}
