import { UsageError } from '../errors.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { connect } from './context.js';

export interface VerifyOptions extends GlobalOptions {
  resend?: boolean | undefined;
}

/** Verifies your address (or a new one waiting) with the code mailed to it, or asks for a new code (SPEC §14). */
export async function verify(code: string | undefined, options: VerifyOptions): Promise<void> {
  const { client } = connect(options);
  if (options.resend) {
    if (code !== undefined) throw new UsageError('Give either a code or --resend, not both.');
    const mail = await client.resendVerificationCode();
    if (options.json) printJson(mail);
    say(`A new code is on its way to ${mail.pendingEmail ?? mail.email}; the last one no longer works. Then: cowork verify <code>`);
    return;
  }
  if (code === undefined) throw new UsageError('Give the code from the mail.', 'cowork verify 7KQ2M-X9WTD, or cowork verify --resend for a new one.');
  const mail = await client.verifyEmail(code);
  if (options.json) printJson(mail);
  say(`Verified: ${mail.email} is your address.`);
}
