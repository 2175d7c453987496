import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The short-lived credential in a call link (`/call/{id}#<credential>`): it names the person,
 * binds the session id and an expiry, and is signed with the server's call secret. Any API
 * process sharing the secret can check it, and it is good for that one session and person only.
 */
export interface CallGrant {
  sessionId: string;
  userId: string;
  expiresAt: Date;
}

const VERSION = 'c1';

function mac(secret: string, grant: CallGrant): Buffer {
  return createHmac('sha256', secret).update(`cowork-call\n${VERSION}\n${grant.sessionId}\n${grant.userId}\n${grant.expiresAt.getTime()}`).digest();
}

export function issueCallCredential(secret: string, grant: CallGrant): string {
  return [VERSION, grant.userId, grant.expiresAt.getTime().toString(36), mac(secret, grant).toString('base64url')].join('.');
}

/** The user the credential was issued to, or null if it is malformed, forged, for another session or expired. */
export function verifyCallCredential(secret: string, sessionId: string, credential: string, now: Date): string | null {
  const parts = credential.split('.');
  if (parts.length !== 4) return null;
  const [version, userId, expiry, signature] = parts as [string, string, string, string];
  if (version !== VERSION || !/^[\w-]{1,64}$/.test(userId) || !/^[0-9a-z]{1,12}$/.test(expiry)) return null;
  const expiresAt = new Date(parseInt(expiry, 36));
  const expected = mac(secret, { sessionId, userId, expiresAt });
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return now < expiresAt ? userId : null;
}
