import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';

/** What the database holds for one slot after a rush, checked against SPEC §2's pairing rules. */
export interface RushOutcome {
  sessions: number;
  people: number;
  matched: number;
  pairs: number;
  /** Sessions of the slot that belong to exactly one live pair. */
  inExactlyOnePair: number;
  /** Pairs whose two sessions point back at the pair, are matched, and belong to two people. */
  mutualPairs: number;
  problems: string[];
}

export async function checkRushOutcome(dbFile: string, start: Date, duration: number, people: number): Promise<RushOutcome> {
  const client = createClient({ url: pathToFileURL(dbFile).href, intMode: 'number' });
  try {
    const slot = [start.getTime(), duration];
    const sessions = (await client.execute({ sql: 'SELECT id, user_id, status, pair_id FROM sessions WHERE start_at = ? AND duration = ?', args: slot })).rows;
    const pairs = (await client.execute({
      sql: `SELECT p.id, p.session_a, p.session_b FROM pairs p JOIN sessions a ON a.id = p.session_a
            WHERE a.start_at = ? AND a.duration = ? AND p.dissolved_at IS NULL`,
      args: slot,
    })).rows;
    const byId = new Map(sessions.map((s) => [String(s.id), s]));
    const memberships = new Map<string, number>();
    let mutualPairs = 0;
    for (const pair of pairs) {
      const a = byId.get(String(pair.session_a));
      const b = byId.get(String(pair.session_b));
      for (const id of [pair.session_a, pair.session_b]) memberships.set(String(id), (memberships.get(String(id)) ?? 0) + 1);
      const mutual = a && b && a.pair_id === pair.id && b.pair_id === pair.id && a.status === 'matched' && b.status === 'matched' && a.user_id !== b.user_id;
      if (mutual) mutualPairs++;
    }
    const outcome: RushOutcome = {
      sessions: sessions.length,
      people: new Set(sessions.map((s) => String(s.user_id))).size,
      matched: sessions.filter((s) => s.status === 'matched').length,
      pairs: pairs.length,
      inExactlyOnePair: sessions.filter((s) => memberships.get(String(s.id)) === 1).length,
      mutualPairs,
      problems: [],
    };
    const expect = (what: string, actual: number, wanted: number) => {
      if (actual !== wanted) outcome.problems.push(`${what}: ${actual}, expected ${wanted}`);
    };
    expect('sessions in the slot', outcome.sessions, people);
    expect('distinct people in the slot', outcome.people, people);
    expect('matched sessions', outcome.matched, people);
    expect('pairs', outcome.pairs, people / 2);
    expect('sessions in exactly one pair', outcome.inExactlyOnePair, people);
    expect('mutual pairs', outcome.mutualPairs, people / 2);
    return outcome;
  } finally {
    client.close();
  }
}
