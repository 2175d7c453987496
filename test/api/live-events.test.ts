import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { book, cancel, signUp, type Person } from '../call/helpers/api-client.js';
import { openEventStream, streamKeeper } from '../helpers/event-stream.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

// Tomorrow, from 08:00 UTC, one hour per slot: the server runs on the real clock.
const TOMORROW = Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000;
let slots = 8;
const nextSlot = () => new Date(TOMORROW + slots++ * 3_600_000).toISOString();

/** A pair of sessions for `a` and `b` at a new slot: each is told `session.matched`. */
async function matchPair(url: string, a: Person, b: Person): Promise<{ mine: string; theirs: string }> {
  const start = nextSlot();
  const mine = await book(url, a, start, 'write');
  const theirs = await book(url, b, start, 'read');
  return { mine: mine.id, theirs: theirs.id };
}

const sessionOf = (message: { data: { data?: { session?: { id: string } } } }) => message.data.data?.session?.id;

describe('GET /v1/events on a real server process', () => {
  let server: ServerProcess;
  const { open: stream, closeAll } = streamKeeper();
  before(async () => {
    server = await startServerProcess({ env: { COWORK_EVENT_HEARTBEAT_MS: '200' } });
  });
  after(async () => {
    closeAll();
    await server.stop();
  });

  test('events arrive in order and exactly once across a reconnect with Last-Event-ID, including those made while the client was away', async () => {
    const ada = await signUp(server.url, 'Ada');
    const bob = await signUp(server.url, 'Bob');
    const first = await stream(server.url, ada.token);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /^text\/event-stream/);
    const ready = await first.next();
    assert.equal(ready.type, 'ready');
    const one = await matchPair(server.url, ada, bob);
    const matched = await first.next();
    assert.deepEqual([matched.type, sessionOf(matched), matched.data.type], ['session.matched', one.mine, 'session.matched']);
    assert.ok(matched.id > ready.id, 'ids grow');
    first.close();

    // While Ada is away: a new pair, then Bob cancels his side of it.
    const two = await matchPair(server.url, ada, bob);
    await cancel(server.url, bob, two.theirs);
    const resumed = await stream(server.url, ada.token, { lastEventId: matched.id });
    const missed = await resumed.until('ready');
    assert.deepEqual(missed.map((m) => [m.type, sessionOf(m)]), [
      ['session.matched', two.mine],
      ['session.unmatched', two.mine],
      ['ready', undefined],
    ]);
    assert.equal(missed[1]!.data.data?.reason, 'partner-cancelled');
    const three = await matchPair(server.url, ada, bob);
    const live = await resumed.next();
    assert.deepEqual([live.type, sessionOf(live)], ['session.matched', three.mine]);
    const ids = [matched, ...missed, live].filter((m) => m.type !== 'ready').map((m) => m.id);
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'in order');
    assert.equal(new Set([matched, ...missed, live].map((m) => m.data.id)).size, 5, 'each event once (and ready once)');
    // The same id again: nothing twice, nothing left out.
    const again = await stream(server.url, ada.token, { lastEventId: missed[0]!.id });
    assert.deepEqual((await again.until('ready')).map((m) => m.data.id ?? m.type), [missed[1]!.data.id, live.data.id, 'ready']);
  });

  test('the sixth stream of a person is refused with a problem naming the rule, and a closed one frees its place', async () => {
    const cy = await signUp(server.url, 'Cy');
    for (let i = 0; i < 6; i++) {
      const head = await fetch(`${server.url}/v1/events`, { method: 'HEAD', headers: { authorization: `Bearer ${cy.token}` } });
      assert.equal(head.status, 200, 'HEAD answers the headers and holds no place');
      assert.match(head.headers.get('content-type') ?? '', /^text\/event-stream/);
    }
    const five = await Promise.all(Array.from({ length: 5 }, () => stream(server.url, cy.token)));
    assert.deepEqual(five.map((s) => s.status), [200, 200, 200, 200, 200]);
    const sixth = await stream(server.url, cy.token);
    assert.equal(sixth.status, 409);
    assert.equal(sixth.problem?.type, 'urn:cowork:problem:too-many-streams');
    assert.match(sixth.problem?.detail ?? '', /at most 5 event streams/);
    const other = await signUp(server.url, 'Di');
    assert.equal((await stream(server.url, other.token)).status, 200, 'the limit is per person');
    five[0]!.close();
    // The server notices the closed socket at once; give it the time to.
    const deadline = Date.now() + 2_000;
    let retried = await stream(server.url, cy.token);
    while (retried.status === 409 && Date.now() < deadline) retried = await stream(server.url, cy.token);
    assert.equal(retried.status, 200);
  });

  test('a stream sends retry:, a heartbeat comment at the configured interval, and is not compressed', async () => {
    const gus = await signUp(server.url, 'Gus');
    const response = await fetch(`${server.url}/v1/events`, { headers: { authorization: `Bearer ${gus.token}`, 'accept-encoding': 'gzip, br' } });
    const reader = response.body!.getReader();
    let text = '';
    const deadline = Date.now() + 3_000;
    while (!(text.includes('retry: ') && text.includes(': heartbeat')) && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    assert.equal(response.headers.get('content-encoding'), null);
    assert.match(text, /^retry: \d+$/m);
    assert.match(text, /^: heartbeat$/m);
  });

  test('a Last-Event-ID that is not a number is refused with 400 and a reason; one ahead of any id given is told to reset', async () => {
    const hal = await signUp(server.url, 'Hal');
    const bad = await stream(server.url, hal.token, { lastEventId: 'yesterday' });
    assert.equal(bad.status, 400);
    const ahead = await stream(server.url, hal.token, { lastEventId: 999_999_999 });
    const [reset, ready] = [await ahead.next(), await ahead.next()];
    assert.deepEqual([reset.type, ready.type], ['reset', 'ready']);
    assert.ok(reset.id < 999_999_999, 'the reset carries the id to resume from');
  });
});

test('a client whose Last-Event-ID was pruned (older than 24 hours) is told to reset; a server stopping ends its open streams at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-live-prune-'));
  const dbPath = join(dir, 'cowork.db');
  const day = Date.parse('2030-01-07T08:00:00Z');
  try {
    const first = await startServerProcess({ dbPath, env: { COWORK_NOW: new Date(day).toISOString() } });
    const ada = await signUp(first.url, 'Ada');
    const bob = await signUp(first.url, 'Bob');
    const open = await openEventStream(first.url, ada.token);
    const [ready] = await open.until('ready');
    const start = new Date(day + 3_600_000).toISOString();
    await book(first.url, ada, start, 'write');
    await book(first.url, bob, start, 'read');
    const matched = await open.next();
    const stopping = performance.now();
    assert.equal(await first.stop(), 0);
    await open.ended;
    assert.ok(performance.now() - stopping < 5_000, 'the open stream did not hold the shutdown');

    // A day and an hour later, the start-up's prune removed the event.
    const later = await startServerProcess({ dbPath, env: { COWORK_NOW: new Date(day + 25 * 3_600_000).toISOString() } });
    try {
      const stale = await openEventStream(later.url, ada.token, { lastEventId: ready!.id });
      const [reset, fresh] = [await stale.next(), await stale.next()];
      assert.deepEqual([reset.type, fresh.type], ['reset', 'ready']);
      assert.ok(reset.id >= matched.id, 'the reset id resumes after what was pruned');
      stale.close();
      const current = await openEventStream(later.url, ada.token, { lastEventId: reset.id });
      assert.equal((await current.next()).type, 'ready', 'resuming from the reset id needs no reset');
      current.close();
    } finally {
      await later.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('/openapi.json documents the stream: operationId streamEvents, its tag, text/event-stream, every event type, Last-Event-ID and the 409', async () => {
  const server = await startServerProcess();
  try {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; tags: string[]; parameters: { name: string; in: string }[]; responses: Record<string, { content: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, { properties: { type: { enum: string[] } } }> };
    };
    const operation = document.paths['/v1/events']!.get!;
    assert.equal(operation.operationId, 'streamEvents');
    assert.deepEqual(operation.tags, ['Events']);
    assert.ok('text/event-stream' in operation.responses['200']!.content);
    assert.ok(operation.responses['409']);
    assert.ok(operation.parameters.some((p) => p.in === 'header' && p.name === 'last-event-id'));
    assert.deepEqual(document.components.schemas.LiveEvent!.properties.type.enum, ['session.matched', 'session.unmatched', 'session.starting', 'session.cancelled', 'routine.skipped']);
  } finally {
    await server.stop();
  }
});
