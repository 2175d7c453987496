import { saveToken } from '../config.js';
import { UsageError } from '../errors.js';
import { ApiError } from '../client.js';
import { askNewPassword, askOptionalText, askPassword, askText, isInteractive, readStdin, type Check } from '../interaction.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { slugOf } from '../render/problem.js';
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

/** The server's refusals of an invite code: missing where one is needed, or one that cannot be used. */
const INVITE_REFUSALS = ['invite-required', 'invite-not-valid'];
const isInviteRefusal = (error: unknown) => error instanceof ApiError && INVITE_REFUSALS.includes(slugOf(error.problem));

async function askInvite(): Promise<string | undefined> {
  const code = await askOptionalText('Invite code (from the server\'s admins):');
  return code.trim() || undefined;
}

/**
 * Creates an account, stores its token for this server, and shows who is now logged in. What needs
 * no typing is checked before any prompt: the server answers, and whether it takes new people by
 * invite. At a terminal an invite code the server refuses is asked for again, keeping the rest.
 */
export async function signup(options: SignupOptions): Promise<void> {
  const { settings, client } = connect(options);
  // Flags get the same checks as typed answers, before any password is asked for.
  if (options.name !== undefined && checkName(options.name) !== true) throw new UsageError('--name must be 1 to 100 characters.', 'Pass the name partners will see, e.g. --name "Ada Lovelace".');
  if (options.email !== undefined && checkEmail(options.email) !== true) throw new UsageError(`--email "${options.email}" is not an email address.`, 'Write it like --email ada@example.com.');
  const { signup: mode, mail } = await client.serverSettings();
  let invite = options.invite;
  if (mode === 'invite' && invite === undefined && isInteractive()) {
    say(`${settings.server} signs people up with an invite code.`);
    invite = await askInvite();
  }
  const name = options.name ?? (await askText('Your name (shown to partners):', '--name', '--name "Ada Lovelace"', checkName));
  const email = options.email ?? (await askText('Email:', '--email', '--email ada@example.com', checkEmail));
  const password = await obtainPassword(options, true);
  for (;;) {
    try {
      const { user, token } = await client.signUp({
        name: name.trim(), email: email.trim(), password, timezone: localZone(), ...(invite ? { invite } : {}),
      });
      await saveToken(settings.server, token);
      if (options.json) printJson(user);
      say(`Signed up and logged in as ${user.name} <${user.email}> on ${settings.server}.`);
      if (mail) say(`A code to verify your address is on its way to ${user.email}; then run: cowork verify <code>`);
      return;
    } catch (error) {
      if (!isInviteRefusal(error) || !isInteractive()) throw error;
      say((error as ApiError).message);
      invite = await askInvite();
    }
  }
}
