import { saveToken } from '../config.js';
import { AuthError } from '../errors.js';
import { say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';

export interface LogoutOptions extends GlobalOptions {
  all?: boolean | undefined;
}

/** Revokes the token (with --all, every token and call link of the account) and forgets it here. */
export async function logout(options: LogoutOptions): Promise<void> {
  const { settings, client } = connect(options);
  if (!settings.token) throw new AuthError(`Not logged in to ${settings.server}.`, 'Nothing to do.');
  try {
    await (options.all ? client.logOutEverywhere() : client.logOut());
  } catch (error) {
    // A token the server no longer knows is as good as revoked; forget it all the same.
    if (!(error instanceof AuthError)) throw error;
  }
  if (settings.tokenSource === 'config') await saveToken(settings.server, undefined);
  say(options.all ? `Logged out of ${settings.server} on every device; call links opened before now stop working.` : `Logged out of ${settings.server}.`);
  if (settings.tokenSource === 'env') say('The token in COWORK_TOKEN is revoked; unset the variable too.');
}
