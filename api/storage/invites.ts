import { Problem } from '../http/problems.js';
import type { Database, WriteTx } from './engine/database.js';

/** Invite codes for COWORK_SIGNUP=invite (SPEC §8): single use, expiring, stored only as SHA-256 hashes. */

export async function createInvite(db: Database, invite: { codeHash: string; createdBy: string; expiresAt: Date }, now: Date): Promise<void> {
  await db.write(async (tx) => void await tx.run('INSERT INTO invites (code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)', [
    invite.codeHash, invite.createdBy, now.getTime(), invite.expiresAt.getTime(),
  ]));
}

const refused = (detail: string) => new Problem(403, 'invite-not-valid', 'Invite not valid', detail);

/** Spends the code on this new account in the sign-up's transaction, or refuses saying why it cannot be used. */
export async function spendInvite(tx: WriteTx, codeHash: string, userId: string, now: Date): Promise<void> {
  const row = await tx.get('SELECT expires_at, used_at FROM invites WHERE code_hash = ?', [codeHash]);
  if (!row) throw refused('This invite code is unknown; ask the server\'s admins for one.');
  if (row.used_at != null) throw refused('This invite code has already been used (each signs up one person); ask the server\'s admins for a new one.');
  const expiresAt = new Date(Number(row.expires_at));
  if (expiresAt <= now) throw refused('This invite code has expired; ask the server\'s admins for a new one.');
  await tx.run('UPDATE invites SET used_by = ?, used_at = ? WHERE code_hash = ?', [userId, now.getTime(), codeHash]);
}
