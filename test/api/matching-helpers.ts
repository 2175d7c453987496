import assert from 'node:assert/strict';
import { json, type Harness } from './harness.js';

/** Shorthands for the matching tests: people, bookings with preferences, and past partners. */
export type Person = { id: string; token: string; name: string };

/** One Person per name, in order: `const [ada, bob] = await people(h, 'Ada', 'Bob')` types both as Person. */
export async function people<const Names extends readonly string[]>(h: Harness, ...names: Names): Promise<{ [K in keyof Names]: Person }> {
  const made: Person[] = [];
  for (const name of names) made.push({ ...(await h.signUp(name)), name });
  // One sign-up per name, so `made` has exactly the shape of `names`; TypeScript cannot follow a loop's length.
  return made as { [K in keyof Names]: Person };
}

export interface BookingExtras {
  activity?: 'desk' | 'moving' | 'anything';
  quiet?: boolean;
  languages?: string[];
  partnerId?: string;
  duration?: number;
}

export async function book(h: Harness, who: Person, start: string, extras: BookingExtras = {}): Promise<Record<string, any>> {
  const { duration = 50, ...rest } = extras;
  const response = await h.request('POST', '/v1/sessions', { token: who.token, body: { start, duration, ...rest } });
  assert.equal(response.status, 201, `booking by ${who.name}: ${await response.clone().text()}`);
  return json(response);
}

/**
 * Books `a` then `b` on one start and `b` then `a` on the next (`nextStart` gives each a fresh
 * one); answers whether each second booking was paired.
 */
export async function pairedBothOrders(h: Harness, nextStart: () => string, a: Person, aExtras: BookingExtras, b: Person, bExtras: BookingExtras): Promise<[boolean, boolean]> {
  const results: boolean[] = [];
  for (const [[first, fx], [second, sx]] of [[[a, aExtras], [b, bExtras]], [[b, bExtras], [a, aExtras]]] as const) {
    const start = nextStart();
    await book(h, first, start, fx);
    results.push((await book(h, second, start, sx)).status === 'matched');
  }
  return results as [boolean, boolean];
}

export async function sessionOf(h: Harness, who: Person, id: string): Promise<Record<string, any>> {
  return json(await h.request('GET', `/v1/sessions/${id}`, { token: who.token }));
}

export const partnerName = (session: Record<string, any>) => (session.partner ? String(session.partner.name) : null);

let introductions = 0;
/**
 * Makes two people past partners (SPEC §11: only they can be booked with): the clock goes back to
 * half an hour before a start of their own, weeks before the tests' slots, they are paired there,
 * and the clock comes back, so the pair's start has come. Matched less than an hour ahead, the
 * session is not scored for attendance.
 */
export async function introduce(h: Harness, a: Person, b: Person): Promise<void> {
  const now = h.clock.now().toISOString();
  const start = Date.parse('2029-11-01T00:00:00Z') + introductions++ * 3 * 3_600_000;
  h.clock.set(new Date(start - 30 * 60_000).toISOString());
  const iso = new Date(start).toISOString();
  await book(h, a, iso);
  const second = await book(h, b, iso);
  h.clock.set(now);
  assert.equal(second.status, 'matched', `${a.name} and ${b.name} should meet once`);
}

export async function setSettings(h: Harness, who: Person, settings: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await h.request('PATCH', '/v1/me', { token: who.token, body: settings });
  assert.equal(response.status, 200, await response.clone().text());
  return json(response);
}

export async function put(h: Harness, who: Person, path: string): Promise<Response> {
  return h.request('PUT', path, { token: who.token });
}
