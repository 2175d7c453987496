import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../storage/engine/database.js';
import { loadOrCreateServerSecret } from '../storage/server-secrets.js';

/**
 * The link of every notice's List-Unsubscribe header (RFC 2369, RFC 8058): the server's public URL
 * and a token naming the person, signed with a secret the database keeps, so that nobody can turn
 * off another person's notices and a link needs no log-in to work from a mail program.
 */
const SECRET_NAME = 'mail-unsubscribe';

export const unsubscribeSecret = (db: Database) => loadOrCreateServerSecret(db, SECRET_NAME);

const signatureOf = (secret: string, userId: string) => createHmac('sha256', secret).update(`unsubscribe\n${userId}`).digest('base64url');

export const unsubscribeToken = (secret: string, userId: string) => `${userId}.${signatureOf(secret, userId)}`;

export function unsubscribeUrl(publicUrl: string, secret: string, userId: string): string {
  return `${publicUrl}/v1/mail/unsubscribe?token=${unsubscribeToken(secret, userId)}`;
}

/** The person a token names, when its signature is right; compared as the text it must be, never decoded. */
export function userOfToken(secret: string, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const userId = token.slice(0, dot);
  const expected = Buffer.from(signatureOf(secret, userId));
  const given = Buffer.from(token.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}
