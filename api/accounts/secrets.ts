import * as crypto from 'node:crypto';
import { createHash, randomBytes, randomFillSync, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/** Random identifiers, bearer tokens and password hashes: everything that must not be guessable. */
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// N=2^15, r=8: 32 MiB per hash, memory-hard as SPEC asks, ~60 ms on these machines.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

// Random bytes are drawn from one pool refilled by a single randomFillSync (as crypto.randomUUID
// does): a booking takes three ids, and a call into OpenSSL per id showed in its profile. Each byte
// is handed out once.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

function randomText(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const text = pool.toString(encoding, used, used + bytes);
  used += bytes;
  return text;
}

export const newId = (): string => randomText(8, 'hex');

/**
 * Ids of the rows a booking inserts (sessions, pairs): the creation time in milliseconds (12 hex
 * digits), then 48 random bits, 24 hex digits in all. Random ids scattered each batch of bookings
 * over every page of the id indexes; ids that follow the clock land on the last few, which took a
 * booking's WAL frames from 2.0 to 1.3 (bench/findings.md). Ids made in the same millisecond, in
 * any number of processes, differ by their 48 random bits. Older 16-digit ids stay valid.
 */
export const newTimeOrderedId = (): string => Date.now().toString(16).padStart(12, '0') + randomText(6, 'hex');

/** 256 bits of randomness; the prefix lets secret scanners and people recognise a cowork token. */
export const newToken = (): string => `cwk_${randomText(32, 'base64url')}`;

/** 128 bits of randomness, in characters every Jitsi deployment accepts in a room name. */
export const newRoomName = (): string => `cowork${randomText(16, 'hex')}`;

// crypto.hash (Node >= 20.12) hashes in one call, without a Hash object per token checked.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

export const sha256: (text: string) => string = oneShotHash
  ? (text) => oneShotHash('sha256', text)
  : (text) => createHash('sha256').update(text).digest('hex');

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

/**
 * A stored hash for unknown emails, so a login attempt costs the same whether the account exists or
 * not. Hashed in the background from start-up on, so the server listens without waiting for it.
 */
export const DECOY_PASSWORD_HASH: Promise<string> = hashPassword(randomBytes(16).toString('hex'));
