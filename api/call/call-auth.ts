import type { AppEnv, RequestCheck } from '../config/app-env.js';
import { unauthorized } from '../http/problems.js';
import { acceptsCallCredential } from '../storage/users.js';
import { verifyCallCredential } from './call-credential.js';
import { callSettingsOf, type CallSettings } from './call-settings.js';

/** The call page's routes know the caller by the link's credential, not by an API token. */
export interface CallEnv {
  Variables: AppEnv['Variables'] & { callerId: string; callSettings: CallSettings };
}

/** Accepts `Authorization: Bearer <call credential>` for the session in the path, or answers 401. */
export const requireCallCredential: RequestCheck<CallEnv> = async (c) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  if (!match) throw unauthorized('Send the call link\'s credential as "Authorization: Bearer <credential>".');
  const settings = await callSettingsOf(c.get('deps'));
  const verified = verifyCallCredential(settings.secret, c.req.param('id') ?? '', match[1]!, c.get('deps').clock.now());
  if (!verified) throw unauthorized('This call link is invalid, for another session, or expired; run `cowork next` for a fresh one.');
  if (!(await acceptsCallCredential(c.get('deps').db, verified.userId, verified.issuedAt))) {
    throw unauthorized('This call link was revoked when you logged out; log in and run `cowork next` for a fresh one.');
  }
  c.set('callerId', verified.userId);
  c.set('callSettings', settings);
};
