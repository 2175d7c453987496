import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PasswordQueue, scryptWork, type PasswordWork } from '../../api/accounts/password-queue.js';

/**
 * Password work for tests that are not about passwords: a salted SHA-256 instead of scrypt's
 * ~60 ms and 32 MiB per sign-up, so a fixture of many people costs no more than their rows. Still
 * a one-way hash, so tests that look for a password's bytes on disk find none; hashes a fixture
 * file made with scrypt still verify through scrypt. Only tests build a queue with it (through
 * AppDeps.passwords); the server always hashes with scrypt.
 */
const PREFIX = 'test-sha256';

const digest = (salt: string, password: string) => createHash('sha256').update(`${salt}\0${password}`).digest();

export const quickWork: PasswordWork = {
  hash: async (password) => {
    const salt = randomBytes(16).toString('base64url');
    return [PREFIX, salt, digest(salt, password).toString('base64url')].join('$');
  },
  verify: async (password, stored) => {
    const [prefix, salt, hash] = stored.split('$');
    if (prefix !== PREFIX) return scryptWork.verify(password, stored);
    const expected = Buffer.from(hash ?? '', 'base64url');
    const actual = digest(salt ?? '', password);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  },
};

/** The server's queue (its slots and lanes) over the quick work. */
export const quickPasswordQueue = (): PasswordQueue => new PasswordQueue(undefined, quickWork);
