import { hostname } from 'node:os';
import { saveToken } from '../config.js';
import { askText } from '../interaction.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';
import { checkEmail, obtainPassword } from './signup.js';

export interface LoginOptions extends GlobalOptions {
  email?: string | undefined;
  passwordStdin?: boolean | undefined;
}

/** Exchanges email and password for a token and stores it for this server. */
export async function login(options: LoginOptions): Promise<void> {
  const { settings, client } = connect(options);
  const email = options.email ?? (await askText('Email:', '--email', '--email ada@example.com', checkEmail));
  const password = await obtainPassword(options, false);
  const { user, token } = await client.logIn({ email, password, label: `cowork CLI on ${hostname()}`.slice(0, 100) });
  await saveToken(settings.server, token);
  if (options.json) printJson(user);
  say(`Logged in as ${user.name} <${user.email}> on ${settings.server}.`);
  if (settings.tokenSource === 'env') say('Note: COWORK_TOKEN is set and takes precedence over the stored token.');
}
