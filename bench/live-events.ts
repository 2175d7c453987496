import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { startApiServer } from './api-server.js';
import type { Child } from './children.js';
import { currentRssMb } from './memory.js';
import { bookingBody } from './rush.js';
import { seedDatabase, seededUserId } from './seeding.js';

/**
 * SPEC §17's live-event and webhook rows. Live events: `streams` people hold a stream open while
 * `people` book one slot at once (`connections` in flight); for every pair whose earlier booker
 * has a stream, the time from the later booking's 201 to that stream's `session.matched`. With
 * two processes the streams are on one and the bookings on the other. Webhooks: everyone has a
 * webhook at a loopback receiver and books one slot at once; from each booking's 201 that made a
 * pair to the receiver getting the partner's `session.matched`.
 */
export interface LiveEventsResult {
  processes: number;
  streams: number;
  bookings: number;
  /** Pairs whose event was timed (the earlier booker had a stream). */
  timed: number;
  missing: number;
  p50Ms: number;
  p99Ms: number;
  idleRssMb: number;
  /** With the streams open, before the rush: what the streams hold. */
  streamsRssMb: number;
  /** With the streams, after the rush (which grows the heap by itself). */
  afterRushRssMb: number;
}

export interface WebhookResult {
  deliveries: number;
  missing: number;
  p50Ms: number;
  p95Ms: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
};
/** Past this, an event that has not come is counted missing. */
const SETTLE_MS = 10_000;
const SERVER_ENV = { COWORK_MAX_CONNECTIONS: '4000', COWORK_SIGNUPS_PER_HOUR: '100000' };

interface Booked {
  index: number;
  answeredAt: number;
  partnerId: string | null;
}

/** Books `slot` for each of `people` (indexes into `tokens`), `connections` at a time, noting when each 201 came and the partner it named. */
async function book(url: string, tokens: string[], people: number[], slot: Date, connections: number): Promise<Booked[]> {
  const booked: Booked[] = [];
  let next = 0;
  const body = bookingBody(slot);
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < people.length) {
      const index = people[next++]!;
      const response = await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${tokens[index]}`, 'content-type': 'application/json' }, body });
      const answeredAt = performance.now();
      const session = (await response.json()) as { partner: { id: string } | null };
      if (response.status !== 201) throw new Error(`booking answered ${response.status}: ${JSON.stringify(session)}`);
      booked.push({ index, answeredAt, partnerId: session.partner?.id ?? null });
    }
  }));
  return booked;
}

/** One open stream per token; resolves once every stream said `ready`. `matchedAt` gets the time of each person's first `session.matched`. */
async function openStreams(url: string, tokens: string[], matchedAt: Map<string, number>, abort: AbortSignal): Promise<void> {
  await Promise.all(tokens.map(async (token, index) => {
    const response = await fetch(`${url}/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort });
    if (response.status !== 200) throw new Error(`stream ${index} answered ${response.status}`);
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const parser = createParser({
      onEvent: (event) => {
        if (event.event === 'ready') ready();
        if (event.event === 'session.matched' && !matchedAt.has(seededUserId(index))) matchedAt.set(seededUserId(index), performance.now());
      },
    });
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // aborted at the end
      }
    })();
    await isReady;
  }));
}

async function warmUp(url: string, tokens: string[], connections: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < tokens.length) await (await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${tokens[next++]}` } })).arrayBuffer();
  }));
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

export async function measureLiveEvents(workDir: string, options: { processes: 1 | 2; people: number; streams: number; connections: number; slot: Date; keepFreeUntil: Date }): Promise<LiveEventsResult> {
  const seeded = await seedDatabase(join(workDir, `events-${options.processes}.db`), { people: options.people, rushPeople: options.people, storedSessions: 0, keepFreeUntil: options.keepFreeUntil });
  const servers: Child[] = [await startApiServer(seeded.file, SERVER_ENV)];
  if (options.processes === 2) servers.push(await startApiServer(seeded.file, SERVER_ENV));
  const streamServer = servers.at(-1)!;
  const bookServer = servers[0]!;
  const abort = new AbortController();
  try {
    // Idle after a warm-up: the same people asking once (code compiled, credentials cached), so the
    // difference is what open streams hold, not the server's first thousand requests.
    await warmUp(streamServer.url, seeded.tokens.slice(0, options.streams), options.connections);
    const idleRssMb = currentRssMb(streamServer.pid);
    const matchedAt = new Map<string, number>();
    await openStreams(streamServer.url, seeded.tokens.slice(0, options.streams), matchedAt, abort.signal);
    const streamsRssMb = currentRssMb(streamServer.pid);
    const order = Array.from({ length: options.people }, (_, i) => i).sort(() => Math.random() - 0.5);
    const booked = await book(bookServer.url, seeded.tokens, order, options.slot, options.connections);
    const watched = new Set(Array.from({ length: options.streams }, (_, i) => seededUserId(i)));
    const expected = booked.filter((b) => b.partnerId !== null && watched.has(b.partnerId));
    await waitFor(() => expected.every((b) => matchedAt.has(b.partnerId!)), SETTLE_MS);
    const afterRushRssMb = currentRssMb(streamServer.pid);
    const delays = expected.filter((b) => matchedAt.has(b.partnerId!)).map((b) => Math.max(0, matchedAt.get(b.partnerId!)! - b.answeredAt));
    return {
      processes: options.processes, streams: options.streams, bookings: booked.length, timed: delays.length, missing: expected.length - delays.length,
      p50Ms: percentile(delays, 50), p99Ms: percentile(delays, 99), idleRssMb, streamsRssMb, afterRushRssMb,
    };
  } finally {
    abort.abort();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

export async function measureWebhooks(workDir: string, options: { people: number; connections: number; slot: Date; keepFreeUntil: Date }): Promise<WebhookResult> {
  const seeded = await seedDatabase(join(workDir, 'webhooks.db'), { people: options.people, rushPeople: options.people, storedSessions: 0, keepFreeUntil: options.keepFreeUntil });
  const arrivedAt = new Map<string, number>();
  const receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => {
      const event = JSON.parse(body) as { type: string; data: { session?: { partner: { id: string } | null } } };
      const partner = event.data.session?.partner?.id;
      if (event.type === 'session.matched' && partner && !arrivedAt.has(partner)) arrivedAt.set(partner, performance.now());
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const server = await startApiServer(seeded.file, { ...SERVER_ENV, COWORK_WEBHOOK_ALLOW_PRIVATE: '1' });
  try {
    const everyone = Array.from({ length: options.people }, (_, i) => i);
    await Promise.all(everyone.map(async (i) => {
      const response = await fetch(`${server.url}/v1/webhooks`, {
        method: 'POST', headers: { authorization: `Bearer ${seeded.tokens[i]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: hook, events: ['session.matched'] }),
      });
      if (response.status !== 201) throw new Error(`webhook answered ${response.status}`);
    }));
    const booked = await book(server.url, seeded.tokens, everyone.sort(() => Math.random() - 0.5), options.slot, options.connections);
    // The booking that made a pair: its partner's webhook is told, naming this booker as partner.
    const expected = booked.filter((b) => b.partnerId !== null);
    await waitFor(() => expected.every((b) => arrivedAt.has(seededUserId(b.index))), SETTLE_MS);
    const delays = expected.filter((b) => arrivedAt.has(seededUserId(b.index))).map((b) => Math.max(0, arrivedAt.get(seededUserId(b.index))! - b.answeredAt));
    return { deliveries: delays.length, missing: expected.length - delays.length, p50Ms: percentile(delays, 50), p95Ms: percentile(delays, 95) };
  } finally {
    await server.stop();
    receiver.close();
  }
}
