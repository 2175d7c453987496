import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The short-lived credential in a call link (`/call/{id}#<credential>`): it names the person,
 * binds the session id, when it was issued and when it expires, and is signed with the server's
 * call secret. Any API process sharing the secret can check it, and it is good for that one
 * session and person only; the issue time lets a person's revocations reach links already given out.
 */
export interface CallGrant {
  sessionId: string;
  userId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface VerifiedCall {
  userId: string;
  issuedAt: Date;
}

const VERSION = 'c2';
const TIME = /^[0-9a-z]{1,12}$/;

function mac(secret: string, grant: CallGrant): Buffer {
  return createHmac('sha256', secret)
    .update(`cowork-call\n${VERSION}\n${grant.sessionId}\n${grant.userId}\n${grant.issuedAt.getTime()}\n${grant.expiresAt.getTime()}`)
    .digest();
}

const encodeTime = (at: Date) => at.getTime().toString(36);

export function issueCallCredential(secret: string, grant: CallGrant): string {
  return [VERSION, grant.userId, encodeTime(grant.issuedAt), encodeTime(grant.expiresAt), mac(secret, grant).toString('base64url')].join('.');
}

/**
 * The person and issue time the credential was made for, or null if it is malformed, forged, for
 * another session or expired. Every part must be in the one encoding this server writes: base64url
 * decoding skips stray characters and a last character's unused bits, so the signature is compared
 * as text after re-encoding, and the times must read back to the same digits.
 */
export function verifyCallCredential(secret: string, sessionId: string, credential: string, now: Date): VerifiedCall | null {
  const parts = credential.split('.');
  if (parts.length !== 5) return null;
  const [version, userId, issued, expiry, signature] = parts as [string, string, string, string, string];
  if (version !== VERSION || !/^[\w-]{1,64}$/.test(userId) || !TIME.test(issued) || !TIME.test(expiry)) return null;
  const issuedAt = new Date(parseInt(issued, 36));
  const expiresAt = new Date(parseInt(expiry, 36));
  if (encodeTime(issuedAt) !== issued || encodeTime(expiresAt) !== expiry) return null;
  const expected = Buffer.from(mac(secret, { sessionId, userId, issuedAt, expiresAt }).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return now < expiresAt ? { userId, issuedAt } : null;
}
