import type { Database, WriteTx } from './engine/database.js';
import { leaveEveryone } from './departures.js';
import { eraseCopiesKeptForPartners } from './erasure.js';
import { deleteEventsOf } from './events.js';
import { accountThrottleKey, forgetLoginFailures } from './login-attempts.js';
import { forgetMail } from './mail-accounts.js';
import { revokeCallCredentials } from './users.js';

/** What a deleted account is called wherever a past partner still sees it (SPEC §8). */
export const FORMER_MEMBER = 'a former member';

export async function passwordHashOf(db: Database, userId: string): Promise<string> {
  const row = await db.get('SELECT password_hash FROM users WHERE id = ?', [userId]);
  return String(row?.password_hash ?? '');
}

/**
 * Every token of the person but `keepTokenHash` (if any) is revoked, and so is every call link
 * issued until now and the calendar feed's URL: a URL copied by whoever took a token stops with it.
 * The person asks for a new URL (GET /v1/me/calendar), drawn from a new nonce, so the old one never returns.
 */
async function revokeTokens(tx: WriteTx, userId: string, now: Date, keepTokenHash: string | null): Promise<void> {
  await tx.run('DELETE FROM tokens WHERE user_id = ? AND hash <> ?', [userId, keepTokenHash ?? '']);
  await revokeCallCredentials(tx, userId, now);
  await tx.run('DELETE FROM calendar_tokens WHERE user_id = ?', [userId]);
}

/** Log out everywhere: every token, this one included, every call link and the calendar feed's URL. */
export async function logOutEverywhere(db: Database, userId: string, now: Date): Promise<void> {
  await db.write((tx) => revokeTokens(tx, userId, now, null));
}

/** A new password; the token that asked keeps working, every other token, every call link and the feed's URL do not. */
export async function changePassword(db: Database, userId: string, passwordHash: string, keepTokenHash: string, now: Date): Promise<void> {
  await db.write(async (tx) => {
    await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId]);
    await revokeTokens(tx, userId, now, keepTokenHash);
  });
}

/** A password set with a mailed reset code (SPEC §14): every token, call link and the feed's URL stop working. */
export async function resetPassword(tx: WriteTx, userId: string, passwordHash: string, now: Date): Promise<void> {
  await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId]);
  await revokeTokens(tx, userId, now, null);
}

/**
 * Takes a person's tokens, call links and calendar feed away, cancels their future sessions and drops the others'
 * requests to be paired with them, re-pairing whom that frees (leaveEveryone); a suspension and a
 * deletion both start here, in their own transaction.
 */
export async function withdrawPerson(tx: WriteTx, userId: string, now: Date): Promise<void> {
  await revokeTokens(tx, userId, now, null);
  await leaveEveryone(tx, userId, now);
}

/**
 * Deletes an account (SPEC §8): the row stays, because past sessions and pairs point at it, but
 * every personal datum goes: name, email (free again), password hash, tasks, tokens, known
 * addresses, log-in counters, stored answers, notes written in reports, favourites, blocks and
 * declines, webhooks and their queued events, the calendar feed's token; its routines end. Past
 * partners see FORMER_MEMBER where the name was, also in the webhook events and stored answers
 * written for them (eraseCopiesKeptForPartners), and their calendar feeds show the change with a
 * new SEQUENCE (the trigger of migration v11). Reports keep what moderation needs: a report about the person keeps
 * its reason and its reporter's note (the reporter's words, which the admins may still act on, for
 * example against a new account doing the same); a report by the person keeps its reason, so a
 * pattern against someone else stays visible, and loses its note, which was the person's own words.
 */
export async function deleteAccount(db: Database, userId: string, now: Date): Promise<void> {
  const account = await db.get('SELECT email FROM users WHERE id = ?', [userId]);
  if (!account) return;
  // The email cannot change (PATCH /v1/me has no email), so its key read before the transaction holds.
  const throttleKey = await accountThrottleKey(db, String(account.email));
  await db.write(async (tx) => {
    await withdrawPerson(tx, userId, now);
    await tx.run(
      `UPDATE users SET name = ?, email = ?, password_hash = '', timezone = 'UTC', deleted_at = ?,
         suspension_reason = NULL WHERE id = ?`,
      [FORMER_MEMBER, `deleted-${userId}@invalid`, now.getTime(), userId],
    );
    await tx.run('UPDATE sessions SET task = NULL WHERE user_id = ?', [userId]);
    // Its routines end with it: no later roll books for a deleted account.
    // (A routine deleted earlier kept no task: deleteRoutine and migration v11 clear it.)
    await tx.run('UPDATE routines SET deleted_at = ?, task = NULL WHERE user_id = ? AND deleted_at IS NULL', [now.getTime(), userId]);
    await tx.run('DELETE FROM known_login_addresses WHERE user_id = ?', [userId]);
    // The busy calendar's secret address and its events' titles go too (SPEC §15).
    await tx.run('DELETE FROM busy_intervals WHERE user_id = ?', [userId]);
    await tx.run('DELETE FROM busy_calendars WHERE user_id = ?', [userId]);
    await tx.run('DELETE FROM idempotency_keys WHERE user_id = ?', [userId]);
    await forgetLoginFailures(tx, throttleKey);
    await tx.run('UPDATE reports SET note = NULL WHERE reporter_id = ?', [userId]);
    await tx.run('DELETE FROM favorites WHERE user_id = ?', [userId]);
    await tx.run('DELETE FROM favorites WHERE favorite_id = ?', [userId]);
    await tx.run('DELETE FROM blocks WHERE user_id = ?', [userId]);
    await tx.run('DELETE FROM declines WHERE user_id = ?', [userId]);
    // Read through their list of partners, so before it goes.
    await eraseCopiesKeptForPartners(tx, userId, FORMER_MEMBER);
    // Their own list of partners goes; the others' lists keep them, named FORMER_MEMBER.
    await tx.run('DELETE FROM partners WHERE user_id = ?', [userId]);
    // Webhook addresses, secrets and the events queued for them (the calendar feed's token went with the tokens).
    for (const table of ['webhook_events', 'webhook_deliveries']) {
      await tx.run(`DELETE FROM ${table} WHERE webhook_id IN (SELECT id FROM webhooks WHERE user_id = ?)`, [userId]);
    }
    await tx.run('DELETE FROM webhooks WHERE user_id = ?', [userId]);
    await forgetMail(tx, userId);
    // Their event log, after everything above that could still write to it.
    await deleteEventsOf(tx, userId);
  });
  db.erasureCommitted();
}
