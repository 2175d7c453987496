import type { Activity, MatchWith } from '../domain/compatibility.js';
import { conflict, notAPartner } from '../http/problems.js';
import type { Database, WriteTx } from './engine/database.js';
import { dropRequests } from './departures.js';
import { languagesColumn } from './languages-column.js';
import { emitUnmatched } from './outbox.js';
import { dissolvePair, pairWaitingSession, pairWaitingSessionsOf } from './pairing.js';
import { toUser, USER_COLUMNS, type User } from './users.js';

/** Settings, favourites and blocks (SPEC §7); each change that widens who is compatible re-pairs at once. */
export const MAX_FAVORITES = 200;

export interface SettingsChange {
  name?: string | undefined;
  timezone?: string | undefined;
  matchWith?: MatchWith | undefined;
  activity?: Activity | undefined;
  quiet?: boolean | undefined;
  /** Normalized ISO 639-1 codes (domain/languages.ts). */
  languages?: string[] | undefined;
}

export interface PersonRef {
  id: string;
  name: string;
}

async function readUser(tx: Pick<WriteTx, 'get'>, userId: string): Promise<User> {
  return toUser((await tx.get(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`, [userId]))!);
}

export async function updateSettings(db: Database, userId: string, change: SettingsChange, now: Date): Promise<User> {
  return db.write(async (tx) => {
    const before = await readUser(tx, userId);
    const quiet = change.quiet === undefined ? null : change.quiet ? 1 : 0;
    await tx.run(
      `UPDATE users SET name = coalesce(?, name), timezone = coalesce(?, timezone), match_with = coalesce(?, match_with),
       activity = coalesce(?, activity), quiet = coalesce(?, quiet), languages = coalesce(?, languages) WHERE id = ?`,
      [change.name ?? null, change.timezone ?? null, change.matchWith ?? null, change.activity ?? null, quiet,
        change.languages === undefined ? null : languagesColumn(change.languages), userId],
    );
    // Only matchWith is read at pairing time; activity, quiet and languages are fixed on sessions already booked.
    if (before.matchWith === 'favorites' && change.matchWith === 'anyone') await pairWaitingSessionsOf(tx, userId, now);
    return readUser(tx, userId);
  });
}

async function assertPartner(tx: Pick<WriteTx, 'get'>, userId: string, otherId: string, rule: string): Promise<PersonRef> {
  const row = await tx.get('SELECT u.id, u.name FROM partners p JOIN users u ON u.id = p.partner_id WHERE p.user_id = ? AND p.partner_id = ?', [userId, otherId]);
  if (!row) throw notAPartner(otherId, rule);
  return { id: String(row.id), name: String(row.name) };
}

const toRef = (row: Record<string, unknown>): PersonRef => ({ id: String(row.id), name: String(row.name) });

export async function listFavorites(db: Database, userId: string): Promise<PersonRef[]> {
  const rows = await db.all('SELECT u.id, u.name FROM favorites f JOIN users u ON u.id = f.favorite_id WHERE f.user_id = ? ORDER BY u.name, u.id', [userId]);
  return rows.map(toRef);
}

/** Marks a past partner as a favourite (idempotent); at most 200. */
export async function addFavorite(db: Database, userId: string, favoriteId: string, now: Date): Promise<PersonRef> {
  return db.write(async (tx) => {
    const person = await assertPartner(tx, userId, favoriteId, 'only past partners can be favourites');
    if (await tx.get('SELECT 1 FROM blocks WHERE user_id = ? AND blocked_id = ?', [userId, favoriteId])) {
      throw conflict('partner-blocked', 'Partner blocked', `You blocked ${person.name}: someone blocked cannot be a favourite.`);
    }
    const count = Number((await tx.get('SELECT count(*) AS n FROM favorites WHERE user_id = ? AND favorite_id <> ?', [userId, favoriteId]))!.n);
    if (count >= MAX_FAVORITES) {
      throw conflict('favorites-limit', 'Too many favourites', `At most ${MAX_FAVORITES} favourites; remove one before adding ${person.name}.`);
    }
    await tx.run('INSERT INTO favorites (user_id, favorite_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [userId, favoriteId, now.getTime()]);
    await pairWaitingSessionsOf(tx, userId, now);
    return person;
  });
}

export async function removeFavorite(db: Database, userId: string, favoriteId: string): Promise<void> {
  await db.write((tx) => tx.run('DELETE FROM favorites WHERE user_id = ? AND favorite_id = ?', [userId, favoriteId]));
}

export async function listBlocks(db: Database, userId: string): Promise<PersonRef[]> {
  const rows = await db.all('SELECT u.id, u.name FROM blocks b JOIN users u ON u.id = b.blocked_id WHERE b.user_id = ? ORDER BY u.name, u.id', [userId]);
  return rows.map(toRef);
}

/**
 * Blocks a past or present partner (idempotent), which ends them being a favourite. Every pair with them whose start is still ahead
 * is dissolved, and both sessions are offered to the pairing rule at once, theirs first. A session
 * ahead of either that asks for the other by name (`partnerId`) drops the request, which the block
 * makes impossible: it is re-paired with others too, and the blocked person is told `partner-unavailable`.
 */
export async function addBlock(db: Database, userId: string, blockedId: string, now: Date): Promise<PersonRef> {
  return db.write((tx) => blockPartner(tx, userId, blockedId, now));
}

/** The block of `addBlock` inside the caller's transaction (a report blocks too, SPEC §8). */
export async function blockPartner(tx: WriteTx, userId: string, blockedId: string, now: Date): Promise<PersonRef> {
  const person = await assertPartner(tx, userId, blockedId, 'only past or present partners can be blocked');
  await tx.run('INSERT INTO blocks (user_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [userId, blockedId, now.getTime()]);
  await tx.run('DELETE FROM favorites WHERE user_id = ? AND favorite_id = ?', [userId, blockedId]);
  const theirsWaiting = await dropRequests(tx, blockedId, userId, now);
  const mineWaiting = await dropRequests(tx, userId, blockedId, now);
  for (const id of theirsWaiting) await emitUnmatched(tx, id, 'partner-unavailable', now);
  const futurePairs = await tx.all(
    `SELECT s.pair_id FROM sessions s JOIN sessions o ON o.pair_id = s.pair_id AND o.id <> s.id
     WHERE s.user_id = ? AND s.start_at > ? AND s.status = 'matched' AND o.user_id = ?`,
    [userId, now.getTime(), blockedId],
  );
  for (const { pair_id: pairId } of futurePairs) {
    const members = await dissolvePair(tx, String(pairId), now);
    const theirsFirst = [...members.filter((m) => m.userId !== userId), ...members.filter((m) => m.userId === userId)];
    // The blocked person learns only that their partner is unavailable, never that they were blocked.
    for (const member of members.filter((m) => m.userId !== userId)) await emitUnmatched(tx, member.id, 'partner-unavailable', now);
    for (const member of theirsFirst) await pairWaitingSession(tx, member.id, now);
  }
  for (const id of [...theirsWaiting, ...mineWaiting]) await pairWaitingSession(tx, id, now);
  return person;
}

export async function removeBlock(db: Database, userId: string, blockedId: string, now: Date): Promise<void> {
  await db.write(async (tx) => {
    const removed = await tx.run('DELETE FROM blocks WHERE user_id = ? AND blocked_id = ?', [userId, blockedId]);
    if (removed > 0) await pairWaitingSessionsOf(tx, userId, now);
  });
}

export interface Partner extends PersonRef {
  favorite: boolean;
  blocked: boolean;
  /** The caller's own session of the last slot they shared (the pair may have been dissolved since). */
  lastSession: { id: string; start: string; duration: number };
}

/** Everyone the person has been paired with, the most recent shared start first. */
export async function listPartners(db: Database, userId: string, limit: number): Promise<Partner[]> {
  const rows = await db.all(
    `SELECT u.id, u.name, p.session_id, p.start_at, s.duration,
       EXISTS (SELECT 1 FROM favorites WHERE user_id = p.user_id AND favorite_id = p.partner_id) AS favorite,
       EXISTS (SELECT 1 FROM blocks WHERE user_id = p.user_id AND blocked_id = p.partner_id) AS blocked
     FROM partners p JOIN users u ON u.id = p.partner_id JOIN sessions s ON s.id = p.session_id
     WHERE p.user_id = ? ORDER BY p.start_at DESC, u.id LIMIT ?`,
    [userId, limit],
  );
  return rows.map((row) => ({
    ...toRef(row),
    favorite: Number(row.favorite) === 1,
    blocked: Number(row.blocked) === 1,
    lastSession: { id: String(row.session_id), start: new Date(Number(row.start_at)).toISOString(), duration: Number(row.duration) },
  }));
}
