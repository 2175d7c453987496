import { saveToken } from '../config.js';
import { UsageError } from '../errors.js';
import { askNewPassword, askPassword, askText, readStdin, type Check } from '../interaction.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { localZone } from '../time/zone.js';
import { connect } from './context.js';

export interface SignupOptions extends GlobalOptions {
  name?: string | undefined;
  email?: string | undefined;
  passwordStdin?: boolean | undefined;
  invite?: string | undefined;
}

/** The server's own rules for sign-up fields, checked as each answer is typed. */
export const checkName: Check = (name) => (name.trim().length === 0 ? 'Type a name.' : name.trim().length > 100 ? 'At most 100 characters.' : true);
export const checkEmail: Check = (email) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? true : 'Type an email address such as ada@example.com.');
export const checkNewPassword: Check = (password) => (password.length >= 8 ? true : 'At least 8 characters.');

/** The password from stdin (scripts) or a hidden prompt (people); a new one is typed twice. */
export async function obtainPassword(options: { passwordStdin?: boolean | undefined }, isNew: boolean): Promise<string> {
  if (options.passwordStdin) {
    const password = await readStdin();
    if (!password) throw new UsageError('Standard input held no password.', 'Pipe it in: `printf %s "$PASSWORD" | cowork login --password-stdin`.');
    return password;
  }
  return isNew ? askNewPassword('--password-stdin', checkNewPassword) : askPassword('Password:', '--password-stdin');
}

/** Creates an account, stores its token for this server, and shows who is now logged in. */
export async function signup(options: SignupOptions): Promise<void> {
  const { settings, client } = connect(options);
  // Flags get the same checks as typed answers, before any password is asked for.
  if (options.name !== undefined && checkName(options.name) !== true) throw new UsageError('--name must be 1 to 100 characters.', 'Pass the name partners will see, e.g. --name "Ada Lovelace".');
  if (options.email !== undefined && checkEmail(options.email) !== true) throw new UsageError(`--email "${options.email}" is not an email address.`, 'Write it like --email ada@example.com.');
  const name = options.name ?? (await askText('Your name (shown to partners):', '--name', '--name "Ada Lovelace"', checkName));
  const email = options.email ?? (await askText('Email:', '--email', '--email ada@example.com', checkEmail));
  const password = await obtainPassword(options, true);
  const { user, token } = await client.signUp({
    name: name.trim(), email: email.trim(), password, timezone: localZone(), ...(options.invite ? { invite: options.invite } : {}),
  });
  await saveToken(settings.server, token);
  if (options.json) printJson(user);
  say(`Signed up and logged in as ${user.name} <${user.email}> on ${settings.server}.`);
}
