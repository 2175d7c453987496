import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { book, signUp } from '../call/helpers/api-client.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const TOMORROW = Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000;

test('a webhook delivery begins within a second of the booking that caused it, whichever of two processes took the booking (the 5 s tick is only the fallback)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-prompt-'));
  const dbPath = join(dir, 'cowork.db');
  const receiver = await startReceiver();
  const env = { COWORK_WEBHOOK_ALLOW_PRIVATE: '1' };
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServerProcess({ dbPath, env }), await startServerProcess({ dbPath, env }));
    const ada = await signUp(servers[0]!.url, 'Ada');
    const bob = await signUp(servers[0]!.url, 'Bob');
    const added = await fetch(`${servers[0]!.url}/v1/webhooks`, {
      method: 'POST', headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['session.matched'] }),
    });
    assert.equal(added.status, 201);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const via = servers[i % 2]!.url;
      const start = new Date(TOMORROW + (8 + i) * 3_600_000).toISOString();
      const mine = await book(via, ada, start, 'write');
      await book(via, bob, start, 'read');
      const answeredAt = performance.now();
      const received = await receiver.waitFor(i + 1);
      delays.push(Math.round(performance.now() - answeredAt));
      assert.equal(received[i]!.data.session.id, mine.id);
    }
    assert.ok(delays.every((ms) => ms < 1_000), `each delivery within 1 s of the 201: ${delays.join(', ')} ms`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
