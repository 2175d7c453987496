import type { Client } from '@libsql/client';
import { brokenClauses, type Activity, type MatchWith, type PairingSide } from '../../api/domain/compatibility.js';

/**
 * A deterministic mix of SPEC §7 and §15 preferences for the rush test's people, written straight into the
 * database, and the checks of a slot's outcome against the pure compatibility rule.
 */
export interface Preferences {
  /** What person i adds to the booking body. */
  bookingExtras(i: number): Record<string, unknown>;
}

const ACTIVITY_CYCLE: Activity[] = ['anything', 'desk', 'moving'];
// Mostly none (any language), some sharing English, some that share nothing with others (SPEC §15).
const LANGUAGE_CYCLE: string[][] = [[], ['en'], [], ['de', 'en'], ['de'], [], ['fr'], ['en', 'es']];

export async function seedPreferences(client: Client, people: string[]): Promise<Preferences> {
  const n = people.length;
  const statements = [];
  const partnerOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const matchWith: MatchWith = i % 11 === 0 ? 'favorites' : 'anyone';
    statements.push({
      sql: 'UPDATE users SET match_with = ?, activity = ?, quiet = ?, languages = ? WHERE id = ?',
      args: [matchWith, ACTIVITY_CYCLE[i % 3]!, i % 7 === 0 ? 1 : 0, JSON.stringify(LANGUAGE_CYCLE[i % LANGUAGE_CYCLE.length]), people[i]!],
    });
  }
  // Partners since long ago. Two paired in an earlier rush (a start still ahead) already have a
  // row saying so; their seeded past meeting must still count, or one naming the other is refused
  // as met only in sessions ahead, depending on who the earlier rush happened to pair.
  const link = (a: number, b: number) => {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      statements.push({
        sql: `INSERT INTO partners (user_id, partner_id, session_id, start_at) VALUES (?, ?, 'seeded', 0)
              ON CONFLICT (user_id, partner_id) DO UPDATE SET session_id = 'seeded', start_at = 0`,
        args: [people[x]!, people[y]!],
      });
    }
  };
  for (let i = 0; i + 1 < n; i += 2) {
    link(i, i + 1);
    partnerOf.set(i, i + 1);
    partnerOf.set(i + 1, i);
  }
  for (let i = 0; i < n / 2; i++) link(i, i + n / 2);
  for (let i = 0; i < n / 2; i++) {
    if (i % 4 === 0) statements.push({ sql: 'INSERT INTO favorites (user_id, favorite_id, created_at) VALUES (?, ?, 0)', args: [people[i]!, people[i + n / 2]!] });
    if (i % 8 === 0 || i % 11 === 0) statements.push({ sql: 'INSERT INTO favorites (user_id, favorite_id, created_at) VALUES (?, ?, 0)', args: [people[i + n / 2]!, people[i]!] });
  }
  for (let i = 0; i + 1 < n; i += 10) statements.push({ sql: 'INSERT INTO blocks (user_id, blocked_id, created_at) VALUES (?, ?, 0)', args: [people[i]!, people[i + 1]!] });
  await client.batch(statements, 'write');

  return {
    bookingExtras(i) {
      const extras: Record<string, unknown> = {};
      if (i % 5 === 1) extras.activity = 'anything';
      if (i % 6 === 0) extras.quiet = true;
      if (i % 9 === 4) extras.languages = ['de'];
      if (i % 9 === 7) extras.languages = [];
      // Asking for someone blocked either way is refused (partner-unavailable): only unblocked pairs ask.
      const pairBlocked = Math.min(i, partnerOf.get(i)!) % 10 === 0;
      if (i % 13 === 3 && !pairBlocked) extras.partnerId = people[partnerOf.get(i)!];
      return extras;
    },
  };
}

export interface SlotOutcome {
  sessions: { id: string; userId: string; status: string; pairId: string | null }[];
  pairs: number;
  waiting: number;
  withFavorite: number;
  /** Pairs that are not mutual, or sessions in more than one live pair. */
  problems: string[];
  brokenPairs: string[];
  compatibleWaiting: string[];
}

/** Reads one slot back and judges it by `domain/compatibility.ts`, independently of the SQL that paired it. */
export async function loadSlot(client: Client, start: string, duration: number): Promise<SlotOutcome> {
  const startMs = Date.parse(start);
  const rows = (await client.execute({
    sql: `SELECT s.id, s.user_id, s.status, s.pair_id, s.activity, s.quiet, s.languages, s.requested_partner_id, u.match_with
          FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.start_at = ? AND s.duration = ?`,
    args: [startMs, duration],
  })).rows;
  const setsOf = async (sql: string, args: (string | number)[] = []) => {
    const map = new Map<string, Set<string>>();
    for (const row of (await client.execute({ sql, args })).rows) {
      const [owner, other] = [String(row[0]), String(row[1])];
      map.set(owner, (map.get(owner) ?? new Set()).add(other));
    }
    return map;
  };
  const favorites = await setsOf('SELECT user_id, favorite_id FROM favorites');
  const blocks = await setsOf('SELECT user_id, blocked_id FROM blocks');
  const declines = await setsOf('SELECT user_id, declined_id FROM declines WHERE start_at = ? AND duration = ?', [startMs, duration]);
  const none = new Set<string>();
  const sides = new Map<string, PairingSide>();
  for (const row of rows) {
    const userId = String(row.user_id);
    sides.set(String(row.id), {
      userId,
      activity: row.activity as Activity,
      quiet: Number(row.quiet) === 1,
      languages: JSON.parse(String(row.languages)) as string[],
      requestedPartnerId: row.requested_partner_id === null ? null : String(row.requested_partner_id),
      matchWith: row.match_with as MatchWith,
      favorites: favorites.get(userId) ?? none,
      blocks: blocks.get(userId) ?? none,
      declined: declines.get(userId) ?? none,
    });
  }
  const sessions = rows.map((row) => ({ id: String(row.id), userId: String(row.user_id), status: String(row.status), pairId: row.pair_id === null ? null : String(row.pair_id) }));
  const pairRows = (await client.execute({
    sql: `SELECT p.id, p.session_a, p.session_b FROM pairs p JOIN sessions a ON a.id = p.session_a WHERE a.start_at = ? AND a.duration = ? AND p.dissolved_at IS NULL`,
    args: [startMs, duration],
  })).rows;
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const outcome: SlotOutcome = { sessions, pairs: pairRows.length, waiting: 0, withFavorite: 0, problems: [], brokenPairs: [], compatibleWaiting: [] };
  const seen = new Set<string>();
  for (const pair of pairRows) {
    const [a, b] = [byId.get(String(pair.session_a)), byId.get(String(pair.session_b))];
    if (!a || !b || a.pairId !== pair.id || b.pairId !== pair.id || a.status !== 'matched' || b.status !== 'matched') outcome.problems.push(`pair ${String(pair.id)} is not mutual`);
    for (const id of [String(pair.session_a), String(pair.session_b)]) {
      if (seen.has(id)) outcome.problems.push(`session ${id} is in two pairs`);
      seen.add(id);
    }
    if (!a || !b) continue;
    const broken = brokenClauses(sides.get(a.id)!, sides.get(b.id)!);
    if (broken.length) outcome.brokenPairs.push(`${a.userId} + ${b.userId}: ${broken.join(', ')}`);
    if (sides.get(a.id)!.favorites.has(b.userId) || sides.get(b.id)!.favorites.has(a.userId)) outcome.withFavorite++;
  }
  const waiting = sessions.filter((s) => s.status === 'waiting');
  outcome.waiting = waiting.length;
  if (sessions.some((s) => s.status === 'matched' && !seen.has(s.id))) outcome.problems.push('a matched session belongs to no live pair');
  for (let i = 0; i < waiting.length; i++) {
    for (let j = i + 1; j < waiting.length; j++) {
      if (brokenClauses(sides.get(waiting[i]!.id)!, sides.get(waiting[j]!.id)!).length === 0) {
        outcome.compatibleWaiting.push(`${waiting[i]!.userId} + ${waiting[j]!.userId}`);
      }
    }
  }
  return outcome;
}
