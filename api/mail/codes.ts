import { randomInt } from 'node:crypto';
import { sha256 } from '../accounts/secrets.js';
import type { CodePurpose } from '../storage/mail-codes.js';

/**
 * The codes people copy from a mail (SPEC §14): ten characters of Crockford's base 32 (50 bits),
 * shown as two groups of five. Typed back, case, spaces, dashes and the look-alikes O, I and L are
 * forgiven. Stored as a hash bound to the person and purpose, so a code means nothing elsewhere.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const VERIFY_CODE_MS = 24 * 60 * 60_000;
export const RESET_CODE_MS = 30 * 60_000;

export function newCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** The code as typed, in its one canonical form; null when it cannot be one. */
export function canonicalCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(code) ? code : null;
}

export function codeHash(userId: string, purpose: CodePurpose, typed: string): string {
  return sha256(`cowork-code:${purpose}:${userId}:${canonicalCode(typed) ?? typed}`);
}
