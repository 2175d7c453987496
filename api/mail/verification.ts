import type { WriteTx } from '../storage/engine/database.js';
import { saveCode, type CodePurpose } from '../storage/mail-codes.js';
import { queueMail } from '../storage/mail-outbox.js';
import { codeHash, newCode, RESET_CODE_MS, VERIFY_CODE_MS } from './codes.js';
import { resetMail, verificationMail } from './templates.js';

export interface Addressee {
  id: string;
  name: string;
}

/**
 * Makes a code for `purpose`, keeps its hash, and queues the mail that carries it, all in the
 * caller's transaction: a code exists exactly when its mail is on its way.
 */
async function queueCode(tx: WriteTx, person: Addressee, email: string, purpose: CodePurpose, server: string, now: Date, change = false): Promise<void> {
  const code = newCode();
  const lifeMs = purpose === 'reset' ? RESET_CODE_MS : VERIFY_CODE_MS;
  const expiresAt = new Date(now.getTime() + lifeMs);
  await saveCode(tx, person.id, purpose, email, codeHash(person.id, purpose, code), expiresAt);
  const words = purpose === 'reset' ? resetMail(person.name, code, server) : verificationMail(person.name, code, server, change);
  await queueMail(tx, { userId: person.id, kind: purpose, to: email, ...words, expiresAt }, now);
}

/** A verification code to `email`: the account's own address (`change` false), or a new one that replaces it once verified. */
export const queueVerification = (tx: WriteTx, person: Addressee, email: string, server: string, now: Date, change = false) =>
  queueCode(tx, person, email, 'verify', server, now, change);

export const queueReset = (tx: WriteTx, person: Addressee, email: string, server: string, now: Date) => queueCode(tx, person, email, 'reset', server, now);
