import { UsageError } from '../errors.js';
import { askNewPassword, askPassword, readStdin } from '../interaction.js';
import { say, type GlobalOptions } from '../output.js';
import { checkNewPassword } from './signup.js';
import { connect } from './context.js';

export interface PasswdOptions extends GlobalOptions {
  passwordStdin?: boolean | undefined;
}

/** The current and the new password: two lines on stdin (scripts) or hidden prompts (people). */
async function passwords(options: PasswdOptions): Promise<{ currentPassword: string; password: string }> {
  if (!options.passwordStdin) {
    const currentPassword = await askPassword('Current password:', '--password-stdin');
    return { currentPassword, password: await askNewPassword('--password-stdin', checkNewPassword) };
  }
  const [currentPassword, password, ...rest] = (await readStdin()).split(/\r?\n/);
  if (!currentPassword || !password || rest.length > 0) {
    throw new UsageError('Standard input must hold two lines: the current password, then the new one.', 'printf "%s\\n%s\\n" "$OLD" "$NEW" | cowork passwd --password-stdin');
  }
  if (checkNewPassword(password) !== true) throw new UsageError('The new password must be at least 8 characters.');
  return { currentPassword, password };
}

/** Changes the password; every other device is logged out and old call links stop working. */
export async function passwd(options: PasswdOptions): Promise<void> {
  const { client } = connect(options);
  await client.changePassword(await passwords(options));
  say('Password changed. Every other device is logged out; call links opened before now stop working.');
}
