import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createClient } from '@libsql/client';
import { sha256 } from '../../api/accounts/secrets.js';
import { startServerProcess } from '../helpers/server-process.js';
import { loadSlot, seedPreferences, type Preferences } from './rush-preferences.js';

const PEOPLE = 240;
// Tomorrow at 14:00 UTC: the servers run on the real clock.
const SLOT = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000 + 14 * 3_600_000).toISOString();
const MIXED_SLOT = new Date(Date.parse(SLOT) + 2 * 3_600_000).toISOString();

/** People with tokens written straight into the database: the rush is about booking, not signing up. */
async function seedPeople(dbPath: string, count: number): Promise<{ id: string; token: string }[]> {
  const client = createClient({ url: pathToFileURL(dbPath).href });
  const people = Array.from({ length: count }, (_, i) => ({ id: `rush${i}`, token: `cwk_rush_token_${i}_${'x'.repeat(20)}` }));
  await client.batch(
    people.flatMap((p, i) => [
      { sql: `INSERT INTO users (id, name, email, password_hash, timezone, created_at) VALUES (?, ?, ?, 'scrypt$disabled', 'UTC', 0)`, args: [p.id, `Person ${i}`, `p${i}@example.org`] },
      { sql: 'INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, 0)', args: [sha256(p.token), p.id, 'rush'] },
    ]),
    'write',
  );
  client.close();
  return people;
}

describe('a rush of concurrent bookings through two server processes on one database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-rush-'));
  const dbPath = join(dir, 'cowork.db');
  let servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
  before(async () => {
    servers = [await startServerProcess({ dbPath })];
    servers.push(await startServerProcess({ dbPath }));
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${PEOPLE} people booking one slot at once end in exact, mutual pairs`, async (t) => {
    const people = await seedPeople(dbPath, PEOPLE);
    const began = performance.now();
    const answers = await Promise.all(
      people.map(async (person, i) => {
        const response = await fetch(`${servers[i % 2]!.url}/v1/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ start: SLOT, duration: 50 }),
        });
        return { person, status: response.status, body: (await response.json()) as { id: string } };
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    assert.deepEqual(answers.filter((a) => a.status !== 201), [], 'every booking answered 201');

    const client = createClient({ url: pathToFileURL(dbPath).href });
    const pairs = (await client.execute('SELECT session_a, session_b, dissolved_at FROM pairs')).rows;
    const sessions = (await client.execute(`SELECT id, status, pair_id FROM sessions`)).rows;
    client.close();
    assert.equal(pairs.length, PEOPLE / 2, 'exactly one pair per two people');
    const members = pairs.flatMap((pair) => [String(pair.session_a), String(pair.session_b)]);
    assert.equal(new Set(members).size, PEOPLE, 'nobody is in two pairs');
    assert.ok(sessions.every((s) => s.status === 'matched' && s.pair_id !== null));

    const partnerOf = new Map<string, string>();
    await Promise.all(
      answers.map(async ({ person, body }, i) => {
        const response = await fetch(`${servers[(i + 1) % 2]!.url}/v1/sessions/${body.id}`, { headers: { authorization: `Bearer ${person.token}` } });
        partnerOf.set(person.id, ((await response.json()) as { partner: { id: string } }).partner.id);
      }),
    );
    for (const [person, partner] of partnerOf) {
      assert.notEqual(partner, person, 'nobody is paired with themselves');
      assert.equal(partnerOf.get(partner), person, 'pairs are mutual');
    }
    t.diagnostic(`${PEOPLE} bookings, ${pairs.length} pairs, 2 processes, ${seconds.toFixed(2)} s`);
  });

  test(`${PEOPLE} people with mixed preferences booking one slot at once: exact mutual pairs, none breaking a clause, none left that could pair`, async (t) => {
    const client = createClient({ url: pathToFileURL(dbPath).href, intMode: 'number' });
    const people = (await client.execute(`SELECT id FROM users WHERE id LIKE 'rush%' ORDER BY CAST(substr(id, 5) AS INTEGER)`)).rows.map((row) => String(row.id));
    const preferences: Preferences = await seedPreferences(client, people);
    const tokens = people.map((_, i) => `cwk_rush_token_${i}_${'x'.repeat(20)}`);
    const answers = await Promise.all(
      people.map(async (id, i) => {
        const response = await fetch(`${servers[i % 2]!.url}/v1/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ start: MIXED_SLOT, duration: 50, ...preferences.bookingExtras(i) }),
        });
        return { id, status: response.status, body: await response.text() };
      }),
    );
    assert.deepEqual(answers.filter((a) => a.status !== 201), [], 'every booking answered 201');

    const slot = await loadSlot(client, MIXED_SLOT, 50);
    client.close();
    assert.equal(slot.sessions.length, PEOPLE);
    assert.deepEqual(slot.problems, [], 'every pair is mutual and nobody is in two pairs');
    assert.deepEqual(slot.brokenPairs, [], 'no pair breaks a compatibility clause');
    assert.deepEqual(slot.compatibleWaiting, [], 'pairing is maximal: no two compatible sessions are left waiting');
    assert.ok(slot.pairs > PEOPLE / 4, `a fair share is paired (${slot.pairs} pairs)`);
    assert.ok(slot.waiting > 0, 'the mix leaves some people unpaired, so the check above is not vacuous');
    t.diagnostic(`mixed preferences: ${slot.pairs} pairs, ${slot.waiting} waiting, ${slot.withFavorite} pairs with a favourite`);
  });
});

describe('SIGKILL of a server process during a burst of batched commits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-kill-'));
  const dbPath = join(dir, 'cowork.db');
  const BURST = 600;
  // Killed after the first few answers, so hundreds of bookings are still in flight: a kill late in
  // the burst raced the last answers and sometimes found every booking already done.
  const KILL_AFTER = 50;
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('after a restart every booking that got a 201 is present, and pairs are exact', async () => {
    const first = await startServerProcess({ dbPath });
    const people = await seedPeople(dbPath, BURST);
    let answered = 0;
    const outcomes = await Promise.allSettled(
      people.map(async (person) => {
        const response = await fetch(`${first.url}/v1/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ start: SLOT, duration: 50 }),
        });
        const body = (await response.json()) as { id: string };
        if (++answered === KILL_AFTER) process.kill(first.pid, 'SIGKILL');
        return { person, status: response.status, id: body.id };
      }),
    );
    await first.stop();
    const acknowledged = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' && outcome.value.status === 201 ? [outcome.value] : []));
    assert.ok(acknowledged.length >= KILL_AFTER, 'some bookings were acknowledged before the kill');
    assert.ok(acknowledged.length < BURST, 'the kill cut the burst short');

    const restarted = await startServerProcess({ dbPath });
    try {
      const client = createClient({ url: pathToFileURL(dbPath).href });
      const sessions = (await client.execute('SELECT id, status, pair_id FROM sessions')).rows;
      const pairs = (await client.execute('SELECT id, session_a, session_b FROM pairs WHERE dissolved_at IS NULL')).rows;
      client.close();
      const stored = new Map(sessions.map((s) => [String(s.id), s]));
      for (const { id } of acknowledged) assert.ok(stored.has(id), `acknowledged booking ${id} survived the kill`);

      const members = pairs.flatMap((pair) => [String(pair.session_a), String(pair.session_b)]);
      assert.equal(new Set(members).size, members.length, 'nobody is in two pairs');
      for (const pair of pairs) {
        for (const member of [pair.session_a, pair.session_b]) {
          const session = stored.get(String(member));
          assert.equal(session?.status, 'matched');
          assert.equal(session?.pair_id, pair.id);
        }
      }
      assert.equal(sessions.filter((s) => s.status === 'matched').length, members.length, 'every matched session is in a pair');
      assert.ok(sessions.filter((s) => s.status === 'waiting').length <= 1, 'at most one booking of the slot waits');

      const reread = await Promise.all(
        acknowledged.map(({ person, id }) => fetch(`${restarted.url}/v1/sessions/${id}`, { headers: { authorization: `Bearer ${person.token}` } })),
      );
      assert.deepEqual(reread.map((response) => response.status).filter((status) => status !== 200), []);
    } finally {
      await restarted.stop();
    }
  });
});
