import { hostname } from 'node:os';
import { saveToken } from '../config.js';
import { UsageError } from '../errors.js';
import { askText, isInteractive } from '../interaction.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';
import { checkEmail, obtainPassword } from './signup.js';

export interface ResetPasswordOptions extends GlobalOptions {
  email?: string | undefined;
  code?: string | undefined;
  passwordStdin?: boolean | undefined;
}

const checkCode = (code: string) => (code.replace(/[\s-]/g, '').length === 10 ? true : 'The code has ten characters, such as 7KQ2M-X9WTD.');

/**
 * A forgotten password (SPEC §14): asks the server to mail a code to the address, then sets the new
 * password with it and logs in here (every other device is logged out). Without --code off a
 * terminal, it only asks for the code and says how to go on; with --code it only sets the password.
 */
export async function resetPassword(options: ResetPasswordOptions): Promise<void> {
  const { settings, client } = connect(options);
  if (options.email !== undefined && checkEmail(options.email) !== true) throw new UsageError(`--email "${options.email}" is not an email address.`, 'Write it like --email ada@example.com.');
  // What needs no typing first: a server that sends no mail cannot help, whatever is typed.
  const { mail } = await client.serverSettings();
  if (mail === false) {
    throw new UsageError(`${settings.server} sends no mail, so it cannot send a reset code.`,
      'If you are still logged in somewhere, change the password there with `cowork passwd`; otherwise ask the server\'s operator, who can turn mail on (README "Mail").');
  }
  const email = (options.email ?? (await askText('Email:', '--email', '--email ada@example.com', checkEmail))).trim();
  let code = options.code;
  if (code === undefined) {
    await client.requestPasswordReset(email);
    say(`If an account has ${email}, a code is on its way to it; it works once, for 30 minutes.`);
    if (!isInteractive()) {
      say(`Then: printf %s "$NEW_PASSWORD" | cowork reset-password --email ${email} --code <code> --password-stdin`);
      return;
    }
    code = await askText('Code from the mail:', '--code', '--code 7KQ2M-X9WTD', checkCode);
  }
  const password = await obtainPassword(options, true);
  await client.confirmPasswordReset({ email, code: code.trim(), password });
  const { user, token } = await client.logIn({ email, password, label: `cowork CLI on ${hostname()}`.slice(0, 100) });
  await saveToken(settings.server, token);
  if (options.json) printJson(user);
  say(`Password set; every device was logged out and earlier call links stopped working. Logged in here as ${user.name} <${user.email}>.`);
}
