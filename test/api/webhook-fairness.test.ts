import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { DELIVERY_PER_PERSON, deliverWebhooksJob } from '../../api/jobs/deliver-webhooks.js';
import { dueEvents, recordAttempt } from '../../api/storage/webhook-queue.js';
import { recordingDatabase, wholeTableScans } from '../helpers/query-plans.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { createHarness, json, type Harness } from './harness.js';
import { addWebhook } from './webhook-fixtures.js';

const BACKLOG = 600;

/** A receiver that accepts connections and never answers a byte. */
async function startSilentReceiver(): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** `count` pings queued for one webhook, older than anything else: a backlog such as 3,000 pings in 1.8 s left. */
async function queueBacklog(h: Harness, webhookId: string, count: number): Promise<void> {
  const at = h.clock.now().getTime() - 60_000;
  const client = h.inspect();
  await client.batch(Array.from({ length: count }, (_, i) => ({
    sql: `INSERT INTO webhook_events (event_id, webhook_id, type, body, created_at, state, next_attempt_at) VALUES (?, ?, 'ping', '{}', ?, 'pending', ?)`,
    args: [`evt_backlog_${i}`, webhookId, at + i, at + i],
  })), 'write');
}

test('the due events of one step reach every person: a backlog of 600 pings to one webhook takes at most 5 places, and the choice reads no whole table', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const mallory = await h.signUp('Mallory');
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const dead = await addWebhook(h, mallory.token, 'http://127.0.0.1:9/dead');
    const adaHook = await addWebhook(h, ada.token, 'http://127.0.0.1:9/ada');
    const bobHook = await addWebhook(h, bob.token, 'http://127.0.0.1:9/bob');
    await queueBacklog(h, dead.id, BACKLOG);
    await json(await h.request('POST', `/v1/webhooks/${adaHook.id}/ping`, { token: ada.token }));
    await json(await h.request('POST', `/v1/webhooks/${bobHook.id}/ping`, { token: bob.token }));

    const { recording, statements } = recordingDatabase(h.db);
    const due = await dueEvents(recording, h.clock.now(), 20, 5);
    const owners = due.map((event) => event.webhookId);
    assert.ok(owners.includes(adaHook.id) && owners.includes(bobHook.id), 'Ada\'s and Bob\'s pings are in the first step, behind 600 older ones');
    assert.equal(owners.filter((id) => id === dead.id).length, 5, 'the backlog holds its owner\'s share and no more');
    assert.deepEqual(due.slice(0, 3).map((event) => event.webhookId).sort(), [adaHook.id, bobHook.id, dead.id].sort(), 'everyone\'s first event comes before anyone\'s second');

    // The backlog's webhook was served last after an attempt: its next event waits behind the others'.
    await recordAttempt(recording, due.find((event) => event.webhookId === dead.id)!, { status: null, error: 'x' }, 'retrying', new Date(h.clock.now().getTime() + 30_000), h.clock.now());
    const busy = { webhooks: new Set([dead.id]), people: new Map([[mallory.id, 1]]) };
    const next = await dueEvents(recording, h.clock.now(), 20, 5, busy);
    assert.deepEqual(next.map((event) => event.webhookId).sort(), [adaHook.id, bobHook.id].sort(), 'a webhook with a send in flight gets no second one meanwhile');
    // Reading back the rows the choice's own CTEs found is flat; no stored table is scanned whole.
    assert.deepEqual((await wholeTableScans(h.db, statements)).filter((line) => !/^SCAN (due|queued|dealt)\n/.test(line)), []);
  } finally {
    h.close();
  }
});

test('through the job: with 600 pings queued for a receiver that never answers, another person\'s event is delivered in the first step', { timeout: 60_000 }, async () => {
  const silent = await startSilentReceiver();
  const receiver = await startReceiver();
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const mallory = await h.signUp('Mallory');
    const bob = await h.signUp('Bob');
    const dead = await addWebhook(h, mallory.token, silent.url);
    const bobHook = await addWebhook(h, bob.token, receiver.url);
    await queueBacklog(h, dead.id, BACKLOG);
    const { eventId } = await json(await h.request('POST', `/v1/webhooks/${bobHook.id}/ping`, { token: bob.token }));

    const started = performance.now();
    await deliverWebhooksJob(h.db, { timeoutMs: 1_000, allowPrivate: true }).runOnce(h.clock.now());
    const stepMs = performance.now() - started;
    const [got] = await receiver.waitFor(1);
    assert.equal(got!.id, eventId);
    const attempts = await h.inspect().execute('SELECT webhook_id, count(*) AS n FROM webhook_deliveries GROUP BY webhook_id ORDER BY webhook_id');
    assert.deepEqual(Object.fromEntries(attempts.rows.map((row) => [String(row.webhook_id), Number(row.n)])), { [bobHook.id]: 1, [dead.id]: DELIVERY_PER_PERSON });
    assert.ok(stepMs < 10_000, `one step, its sends side by side, ended by the 1 s deadline: ${Math.round(stepMs)} ms`);
  } finally {
    h.close();
    await Promise.all([silent.stop(), receiver.stop()]);
  }
});
