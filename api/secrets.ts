import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/** Random identifiers, bearer tokens and password hashes: everything that must not be guessable. */
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// N=2^15, r=8: 32 MiB per hash, memory-hard as SPEC asks, ~60 ms on these machines.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

export const newId = (): string => randomBytes(8).toString('hex');

/** 256 bits of randomness; the prefix lets secret scanners and people recognise a cowork token. */
export const newToken = (): string => `cwk_${randomBytes(32).toString('base64url')}`;

/** 128 bits of randomness, in characters every Jitsi deployment accepts in a room name. */
export const newRoomName = (): string => `cowork${randomBytes(16).toString('hex')}`;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keylen } = SCRYPT;
  const hash = await scryptAsync(password, salt, keylen, { N, r, p, maxmem: SCRYPT_MAXMEM });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, expected] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !expected) return false;
  const wanted = Buffer.from(expected, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), wanted.length, {
    N: Number(N), r: Number(r), p: Number(p), maxmem: SCRYPT_MAXMEM,
  });
  return timingSafeEqual(actual, wanted);
}

/** A stored hash for unknown emails, so a login attempt costs the same whether the account exists or not. */
export const DECOY_PASSWORD_HASH = await hashPassword(randomBytes(16).toString('hex'));
