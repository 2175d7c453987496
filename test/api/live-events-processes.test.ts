import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { book, signUp, type Person } from '../call/helpers/api-client.js';
import { streamKeeper } from '../helpers/event-stream.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const TOMORROW = Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000;
let slots = 8;
const nextSlot = () => new Date(TOMORROW + slots++ * 3_600_000).toISOString();

describe('live events across server processes sharing one database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-live-'));
  const dbPath = join(dir, 'cowork.db');
  const servers: ServerProcess[] = [];
  const { open, closeAll } = streamKeeper();
  let ada: Person;
  let bob: Person;
  before(async () => {
    servers.push(await startServerProcess({ dbPath }), await startServerProcess({ dbPath }));
    ada = await signUp(servers[0]!.url, 'Ada');
    bob = await signUp(servers[0]!.url, 'Bob');
  });
  after(async () => {
    closeAll();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a stream on process B sees a match made on process A within a second of its 201', async () => {
    const [a, b] = servers;
    const onB = await open(b!.url, ada.token);
    await onB.until('ready');
    const start = nextSlot();
    const mine = await book(a!.url, ada, start, 'write');
    await book(a!.url, bob, start, 'read');
    const answeredAt = performance.now();
    const matched = await onB.next(2_000);
    const tookMs = performance.now() - answeredAt;
    assert.deepEqual([matched.type, matched.data.data?.session?.id, matched.data.data?.session?.partner?.name], ['session.matched', mine.id, 'Bob']);
    assert.ok(tookMs < 1_000, `arrived ${Math.round(tookMs)} ms after the 201`);
  });

  test('a stream opened on B just after a match made on A starts after it: ready names the log\'s head, and the match is not sent as news', async () => {
    const [a, b] = servers;
    // Another person's stream keeps B's watch reading, so its cursor is always up to a poll old.
    const cy = await signUp(a!.url, 'Cy');
    const keepsPolling = await open(b!.url, cy.token);
    await keepsPolling.until('ready');
    const outcomes: string[] = [];
    for (let round = 0; round < 5; round++) {
      const start = nextSlot();
      await book(a!.url, ada, start, 'write');
      await book(a!.url, bob, start, 'read');
      const fresh = await open(b!.url, ada.token);
      await fresh.until('ready');
      const after = await fresh.next(300).then((message) => message.type, () => 'nothing');
      fresh.close();
      outcomes.push(after);
    }
    assert.deepEqual(outcomes, ['nothing', 'nothing', 'nothing', 'nothing', 'nothing']);
  });

  test('a server killed with SIGKILL and restarted: its client resumes with Last-Event-ID and misses nothing that happened meanwhile', async () => {
    const victim = servers[0]!;
    const stream = await open(victim.url, ada.token);
    const [ready] = await stream.until('ready');
    victim.kill('SIGKILL');
    await stream.ended;
    await victim.stop();
    // While it is down the other process goes on: two pairs.
    const other = servers[1]!;
    const made: string[] = [];
    for (let i = 0; i < 2; i++) {
      const start = nextSlot();
      made.push((await book(other.url, ada, start, 'write')).id);
      await book(other.url, bob, start, 'read');
    }
    const restarted = await startServerProcess({ dbPath });
    servers[0] = restarted;
    const resumed = await open(restarted.url, ada.token, { lastEventId: ready!.id });
    const missed = await resumed.until('ready');
    assert.deepEqual(missed.map((m) => [m.type, m.data.data?.session?.id]), [
      ['session.matched', made[0]],
      ['session.matched', made[1]],
      ['ready', undefined],
    ]);
  });
});
