import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sendWebhook } from '../../api/webhooks/send.js';
import { startDrippingReceiver } from '../helpers/dripping-receiver.js';

test('a send to a receiver that drips a byte every 50 ms stops at its 400 ms deadline, counted as no answer, its socket closed', { timeout: 20_000 }, async () => {
  const receiver = await startDrippingReceiver(50);
  try {
    const started = performance.now();
    const result = await sendWebhook(receiver.url, '{"id":"evt_1"}', {}, { timeoutMs: 400, allowPrivate: true });
    const tookMs = performance.now() - started;
    assert.deepEqual(result, { status: null, error: 'no complete answer within 400 ms' });
    // A socket idle timeout of 400 ms would never fire here: the receiver is never idle for 50 ms.
    assert.ok(tookMs >= 390 && tookMs < 5_000, `ended after ${Math.round(tookMs)} ms`);
    assert.equal(receiver.connections(), 1);
    for (let i = 0; i < 200 && receiver.open() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(receiver.open(), 0, 'the sender destroyed its socket');
  } finally {
    await receiver.stop();
  }
});

test('a send whose step is abandoned ends at once with why, before its own deadline', { timeout: 20_000 }, async () => {
  const receiver = await startDrippingReceiver(50);
  try {
    const step = new AbortController();
    const sending = sendWebhook(receiver.url, '{}', {}, { timeoutMs: 60_000, allowPrivate: true }, step.signal);
    while (receiver.connections() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    step.abort(new Error('the lease of job "deliver-webhooks" went to another process'));
    assert.deepEqual(await sending, { status: null, error: 'the lease of job "deliver-webhooks" went to another process' });
  } finally {
    await receiver.stop();
  }
});
