import { randomBytes } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { hashPassword, sha256 } from '../api/accounts/secrets.js';
import { Database } from '../api/storage/engine/database.js';

/**
 * Writes benchmark data straight into a database file, in the API's own schema and formats
 * (tokens `cwk_…` stored as sha256 hex, scrypt password hashes), far faster than signing up
 * through HTTP. Rows are generated inside SQLite with recursive CTEs in a few big transactions.
 */
export interface SeedPlan {
  /** Everyone who owns sessions; the first `rushPeople` of them also get a token. */
  people: number;
  rushPeople: number;
  /** Sessions stored before the benchmark starts, spread over the past and future 12 weeks. */
  storedSessions: number;
  /** Stored sessions keep clear of [now - 2 h, this time), where the benchmark books. */
  keepFreeUntil: Date;
}

export interface SeededDatabase {
  file: string;
  /** Bearer tokens of people 0 … rushPeople - 1, in that order. */
  tokens: string[];
}

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const WEEK = 7 * 24 * 60 * MINUTE;
// Fixed id prefixes keep seeded ids (16 hex digits, like newId()) apart from the server's random ones.
const USER_ID_BASE = 0x3000000000000000n;
const SESSION_ID_BASE = 0x1000000000000000n;
const PAIR_ID_BASE = 0x2000000000000000n;

/** The id of seeded person `index` (those with tokens come first, in the order of `tokens`). */
export const seededUserId = (index: number) => (USER_ID_BASE + BigInt(index)).toString(16).padStart(16, '0');

const hex16 = (base: bigint, column: string) => `printf('%016x', ${base} + ${column})`;
const numbers = (count: number, column: string) =>
  `WITH RECURSIVE n(${column}) AS (SELECT 0 UNION ALL SELECT ${column} + 1 FROM n WHERE ${column} < ${count - 1})`;

export async function seedDatabase(file: string, plan: SeedPlan, now = new Date()): Promise<SeededDatabase> {
  rmSync(file, { force: true });
  const url = pathToFileURL(file).href;
  (await Database.open({ url })).close(); // the server's own migrations create the schema
  const client = createClient({ url, intMode: 'number' });
  try {
    await client.execute('PRAGMA synchronous = OFF'); // seeding only: a crash here just means seeding again
    await client.execute('PRAGMA cache_size = -262144');
    await insertPeople(client, plan.people, now);
    const tokens = await insertTokens(client, plan.rushPeople, now);
    if (plan.storedSessions > 0) await insertStoredSessions(client, plan, now);
    if (plan.storedSessions > 0) await insertPreferences(client, plan, now);
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    return { file, tokens };
  } finally {
    client.close();
  }
}

/** A copy of a seeded database, so each round of a scenario starts from the same state. */
export function copySeededDatabase(seeded: SeededDatabase, file: string): SeededDatabase {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  copyFileSync(seeded.file, file);
  return { ...seeded, file };
}

async function insertPeople(client: Client, people: number, now: Date): Promise<void> {
  const passwordHash = await hashPassword('bench password');
  await client.execute({
    sql: `${numbers(people, 'u')}
      INSERT INTO users (id, name, email, password_hash, timezone, created_at)
      SELECT ${hex16(USER_ID_BASE, 'u')}, 'Bench person ' || u, 'bench-' || u || '@example.test', ?, 'UTC', ? FROM n`,
    args: [passwordHash, now.getTime()],
  });
}

async function insertTokens(client: Client, count: number, now: Date): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => `cwk_${randomBytes(32).toString('base64url')}`);
  const CHUNK = 500;
  const statements = [];
  for (let from = 0; from < count; from += CHUNK) {
    const chunk = tokens.slice(from, from + CHUNK);
    statements.push({
      sql: `INSERT INTO tokens (hash, user_id, label, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
      args: chunk.flatMap((token, i) => [sha256(token), seededUserId(from + i), 'bench', now.getTime()]),
    });
  }
  await client.batch(statements, 'write');
  return tokens;
}

/**
 * Pair k holds sessions 2k and 2k+1 of people k and k + people/2, at a quarter hour that grows
 * with k, so one person's sessions lie days apart and never overlap. Of every ten pairs, one was
 * cancelled by both, one has a person still waiting (the other cancelled), eight are matched.
 */
async function insertStoredSessions(client: Client, plan: SeedPlan, now: Date): Promise<void> {
  const pairs = Math.floor(plan.storedSessions / 2);
  const pastFrom = Math.ceil((now.getTime() - 12 * WEEK) / QUARTER) * QUARTER;
  const pastSlots = Math.floor((now.getTime() - 2 * 60 * MINUTE - pastFrom) / QUARTER);
  const futureFrom = Math.ceil(plan.keepFreeUntil.getTime() / QUARTER) * QUARTER;
  const futureSlots = Math.floor((now.getTime() + 12 * WEEK - futureFrom) / QUARTER);
  const slots = pastSlots + futureSlots;
  const half = Math.floor(plan.people / 2);
  const startOf = (j: string) => `CASE WHEN ${j} < ${pastSlots} THEN ${pastFrom} + ${j} * ${QUARTER} ELSE ${futureFrom} + (${j} - ${pastSlots}) * ${QUARTER} END`;
  await client.batch([
    `${numbers(pairs, 'k')}
      INSERT INTO pairs (id, room, session_a, session_b, created_at)
      SELECT ${hex16(PAIR_ID_BASE, 'k')}, 'cowork' || lower(hex(randomblob(16))),
        ${hex16(SESSION_ID_BASE, '2 * k')}, ${hex16(SESSION_ID_BASE, '2 * k + 1')}, ${now.getTime()}
      FROM n WHERE k % 10 >= 2`,
    `${numbers(pairs * 2, 'i')}
      INSERT INTO sessions (id, user_id, start_at, end_at, duration, status, pair_id, created_at)
      SELECT ${hex16(SESSION_ID_BASE, 'i')},
        ${hex16(USER_ID_BASE, `CASE i % 2 WHEN 0 THEN k % ${plan.people} ELSE (k + ${half}) % ${plan.people} END`)},
        start_at, start_at + duration * ${MINUTE}, duration,
        CASE WHEN k % 10 = 0 THEN 'cancelled' WHEN k % 10 = 1 THEN iif(i % 2 = 0, 'waiting', 'cancelled') ELSE 'matched' END,
        iif(k % 10 >= 2, ${hex16(PAIR_ID_BASE, 'k')}, NULL),
        start_at - ${3 * 24 * 60 * MINUTE}
      FROM (SELECT i, k, ${startOf(`(k * ${slots}) / ${pairs}`)} AS start_at, (k % 3 + 1) * 25 AS duration
            FROM (SELECT i, i / 2 AS k FROM n))`,
  ], 'write');
}

/**
 * SPEC §7 preferences, in proportion to the stored pairs: everyone paired becomes a partner; of
 * every ten pairs one turns into mutual favourites, one into a block, one into a decline of its
 * slot (a past or future one,
 * never the rush's). The rush people keep settings that let any two of them pair (desk or anything, never
 * quiet, anyone) and never block each other, so a rush still ends in exactly one pair per two
 * people; everyone else gets a mix that includes moving, quiet, favourites-only and languages.
 */
// Languages (SPEC §15) as JSON text (api/storage/languages-column.ts): the rush people's all share
// English or name none, so any two of them can still pair; everyone else's include some that share nothing.
const RUSH_LANGUAGES = `iif(u % 4 = 0, '[]', iif(u % 4 = 1, '["en"]', iif(u % 4 = 2, '["de","en"]', '["en","fr"]')))`;
const OTHER_LANGUAGES = `iif(u % 5 = 0, '[]', iif(u % 5 = 1, '["en"]', iif(u % 5 = 2, '["de"]', iif(u % 5 = 3, '["es","pt"]', '["de","en","fr"]'))))`;

async function insertPreferences(client: Client, plan: SeedPlan, now: Date): Promise<void> {
  const pairs = Math.floor(plan.storedSessions / 2);
  const half = Math.floor(plan.people / 2);
  const personA = `k % ${plan.people}`;
  const personB = `(k + ${half}) % ${plan.people}`;
  const user = (index: string) => hex16(USER_ID_BASE, index);
  const rush = (index: string) => `(${index}) < ${plan.rushPeople}`;
  await client.batch([
    `${numbers(plan.people, 'u')}
      UPDATE users SET
        activity = CASE WHEN u < ${plan.rushPeople} THEN iif(u % 2 = 0, 'desk', 'anything') ELSE iif(u % 3 = 0, 'moving', iif(u % 3 = 1, 'desk', 'anything')) END,
        quiet = iif(u >= ${plan.rushPeople} AND u % 7 = 0, 1, 0),
        match_with = iif(u >= ${plan.rushPeople} AND u % 11 = 0, 'favorites', 'anyone'),
        languages = CASE WHEN u < ${plan.rushPeople} THEN ${RUSH_LANGUAGES} ELSE ${OTHER_LANGUAGES} END
      FROM n WHERE users.id = ${user('u')}`,
    // Stored sessions name their owner's languages, as if booked with the defaults (SPEC §15).
    `UPDATE sessions SET languages = users.languages FROM users WHERE users.id = sessions.user_id AND users.languages <> '[]'`,
    `INSERT INTO partners (user_id, partner_id, session_id, start_at)
      SELECT mine.user_id, theirs.user_id, mine.id, mine.start_at
      FROM pairs p JOIN sessions mine ON mine.id IN (p.session_a, p.session_b)
      JOIN sessions theirs ON theirs.id IN (p.session_a, p.session_b) AND theirs.id <> mine.id
      WHERE true
      ON CONFLICT (user_id, partner_id) DO UPDATE SET session_id = excluded.session_id, start_at = excluded.start_at
      WHERE excluded.start_at > partners.start_at`,
    `${numbers(pairs, 'k')}
      INSERT OR IGNORE INTO favorites (user_id, favorite_id, created_at)
      SELECT ${user(personA)}, ${user(personB)}, ${now.getTime()} FROM n WHERE k % 10 = 2
      UNION ALL SELECT ${user(personB)}, ${user(personA)}, ${now.getTime()} FROM n WHERE k % 10 = 2`,
    `${numbers(pairs, 'k')}
      INSERT OR IGNORE INTO blocks (user_id, blocked_id, created_at)
      SELECT ${user(personA)}, ${user(personB)}, ${now.getTime()} FROM n
      WHERE k % 10 = 3 AND NOT (${rush(personA)} AND ${rush(personB)})`,
    // Session 2k of pair k sits at seq 2k + 1, so this picks one pair in ten.
    `INSERT OR IGNORE INTO declines (user_id, declined_id, start_at, duration, declined_at)
      SELECT a.user_id, b.user_id, a.start_at, a.duration, a.created_at
      FROM pairs p JOIN sessions a ON a.id = p.session_a JOIN sessions b ON b.id = p.session_b
      WHERE a.seq % 20 = 9`,
  ], 'write');
}
