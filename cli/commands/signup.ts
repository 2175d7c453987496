import { saveToken } from '../config.js';
import { UsageError } from '../errors.js';
import { askPassword, askText, readStdin } from '../interaction.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { localZone } from '../time/zone.js';
import { connect } from './context.js';

export interface SignupOptions extends GlobalOptions {
  name?: string | undefined;
  email?: string | undefined;
  passwordStdin?: boolean | undefined;
}

/** The password from stdin (scripts) or a hidden prompt (people). */
export async function obtainPassword(options: { passwordStdin?: boolean | undefined }, confirmTwice: boolean): Promise<string> {
  if (options.passwordStdin) {
    const password = await readStdin();
    if (!password) throw new UsageError('Standard input held no password.', 'Pipe it in: `printf %s "$PASSWORD" | cowork login --password-stdin`.');
    return password;
  }
  const password = await askPassword('Password:', '--password-stdin');
  if (confirmTwice && (await askPassword('Password again:', '--password-stdin')) !== password) {
    throw new UsageError('The two passwords differ.', 'Run the command again.');
  }
  return password;
}

/** Creates an account, stores its token for this server, and shows who is now logged in. */
export async function signup(options: SignupOptions): Promise<void> {
  const { settings, client } = connect(options);
  const name = options.name ?? (await askText('Your name (shown to partners):', '--name', '--name "Ada Lovelace"'));
  const email = options.email ?? (await askText('Email:', '--email', '--email ada@example.com'));
  const password = await obtainPassword(options, true);
  const { user, token } = await client.signUp({ name, email, password, timezone: localZone() });
  await saveToken(settings.server, token);
  if (options.json) printJson(user);
  say(`Signed up and logged in as ${user.name} <${user.email}> on ${settings.server}.`);
}
