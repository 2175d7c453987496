import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createClient } from '@libsql/client';
import { after, before, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { runCowork, signedUpPerson } from '../cli/run-cowork.js';

/**
 * An SMTP server that takes the connection and never says a word (SPEC §16): the built
 * `bin/cowork serve` cuts each send off at its one deadline and keeps the mail for a retry, while
 * the other jobs (here, webhook deliveries) go on as if nothing were wrong.
 */
let silent: Server;
const sockets = new Set<Socket>();
let server: ServerProcess;
let receiver: Receiver;
before(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  receiver = await startReceiver();
  server = await startServerProcess({
    checkContract: true,
    env: {
      COWORK_SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, COWORK_MAIL_FROM: 'cowork@example.org', COWORK_SMTP_TIMEOUT_MS: '8000',
      COWORK_WEBHOOK_ALLOW_PRIVATE: '1', COWORK_JOB_TICK_MS: '200', COWORK_JOB_LEASE_MS: '2000',
    },
  });
});
after(async () => {
  await server.stop();
  await receiver.stop();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

test('a silent SMTP server delays mail to its deadline and holds up no other job', { timeout: 60_000 }, async () => {
  const ada = await signedUpPerson(server.url, 'Ada');
  const db = createClient({ url: `file:${server.dbPath}` });
  try {
    const added = await runCowork(ada, ['webhook', 'add', receiver.url, '--events', 'session.matched', '--json']);
    assert.equal(added.code, 0, added.stderr);
    for (let waited = 0; sockets.size === 0; waited += 50) {
      assert.ok(waited < 10_000, 'the mail job connected to the silent server');
      await delay(50);
    }
    assert.equal((await runCowork(ada, ['webhook', 'ping', JSON.parse(added.stdout).id])).code, 0);
    const [ping] = await receiver.waitFor(1);
    assert.equal(ping!.type, 'ping');
    const attempts = Number((await db.execute('SELECT attempts FROM mail_outbox')).rows[0]!.attempts);
    assert.equal(attempts, 0, 'the webhook job delivered while the mail job still waited on the silent server');
    let row: Record<string, unknown> | undefined;
    for (let waited = 0; !row; waited += 100) {
      assert.ok(waited < 30_000, 'the send was cut off and recorded');
      row = (await db.execute(`SELECT state, attempts, last_error FROM mail_outbox WHERE attempts >= 1`)).rows[0];
      if (!row) await delay(100);
    }
    assert.equal(row.state, 'pending', 'kept for its retry, not lost');
    assert.match(String(row.last_error), /within 8000 ms/);
    assert.ok(sockets.size <= 1, 'the abandoned connection was closed, not left open');
  } finally {
    db.close();
  }
});
