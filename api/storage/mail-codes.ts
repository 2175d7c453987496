import type { Database, WriteTx } from './engine/database.js';

/**
 * Single-use codes mailed to an address (SPEC §14): one live code per person and purpose, stored
 * only as a hash; a new one replaces the last. A code is spent by its first right use, and void
 * after MAX_CODE_ATTEMPTS wrong ones or at its expiry.
 */
export type CodePurpose = 'verify' | 'reset';

export const MAX_CODE_ATTEMPTS = 5;

export async function saveCode(tx: WriteTx, userId: string, purpose: CodePurpose, email: string, codeHash: string, expiresAt: Date): Promise<void> {
  await tx.run(
    `INSERT INTO mail_codes (user_id, purpose, email, code_hash, expires_at, attempts) VALUES (?, ?, ?, ?, ?, 0)
     ON CONFLICT (user_id, purpose) DO UPDATE SET email = excluded.email, code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0`,
    [userId, purpose, email, codeHash, expiresAt.getTime()],
  );
}

/** A code that did not count: none live, or not this one (the wrong guess is counted). */
export type CodeRefusal = 'no-code' | 'wrong-code';

/**
 * Spends the person's code if `codeHash` is it, and runs `then` in the same transaction with the
 * address it was sent to; a refusal `then` throws leaves the code unspent. A wrong code counts one
 * attempt (committed even though the answer is a refusal) and the last allowed one voids the code.
 */
export async function spendCode<T>(
  db: Database, userId: string, purpose: CodePurpose, codeHash: string, now: Date, then: (tx: WriteTx, email: string) => Promise<T>,
): Promise<T | CodeRefusal> {
  return db.write(async (tx) => {
    const row = await tx.get('SELECT email, code_hash, expires_at, attempts FROM mail_codes WHERE user_id = ? AND purpose = ?', [userId, purpose]);
    if (!row || Number(row.expires_at) <= now.getTime()) {
      if (row) await tx.run('DELETE FROM mail_codes WHERE user_id = ? AND purpose = ?', [userId, purpose]);
      return 'no-code';
    }
    if (String(row.code_hash) !== codeHash) {
      if (Number(row.attempts) + 1 >= MAX_CODE_ATTEMPTS) await tx.run('DELETE FROM mail_codes WHERE user_id = ? AND purpose = ?', [userId, purpose]);
      else await tx.run('UPDATE mail_codes SET attempts = attempts + 1 WHERE user_id = ? AND purpose = ?', [userId, purpose]);
      return 'wrong-code';
    }
    await tx.run('DELETE FROM mail_codes WHERE user_id = ? AND purpose = ?', [userId, purpose]);
    return then(tx, String(row.email));
  });
}

/** The address a live verification code was sent to, when it is not the account's own: a change waiting to be verified. */
export async function pendingEmailOf(db: Pick<Database, 'get'>, userId: string, now: Date): Promise<string | null> {
  const row = await db.get(
    `SELECT c.email FROM mail_codes c JOIN users u ON u.id = c.user_id
     WHERE c.user_id = ? AND c.purpose = 'verify' AND c.expires_at > ? AND c.email <> u.email`,
    [userId, now.getTime()],
  );
  return row ? String(row.email) : null;
}
