import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, resolveServerConfig, resolveWebhookSettings } from '../../api/config/config.js';
import { deliverWebhooksJob } from '../../api/jobs/deliver-webhooks.js';
import { startServerProcess } from '../helpers/server-process.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { createHarness, json } from './harness.js';
import { addWebhook } from './webhook-fixtures.js';

test('webhook retry delays default to 30 s first and 6 hours at most', () => {
  assert.deepEqual(resolveServerConfig({}, {}).webhooks.retry, { firstMs: 30_000, longestMs: 21_600_000 });
});

test('webhook retry delays come from COWORK_WEBHOOK_FIRST_RETRY_MS and COWORK_WEBHOOK_LONGEST_RETRY_MS', () => {
  const settings = resolveWebhookSettings({ COWORK_WEBHOOK_FIRST_RETRY_MS: '1000', COWORK_WEBHOOK_LONGEST_RETRY_MS: '1000' });
  assert.deepEqual(settings.retry, { firstMs: 1_000, longestMs: 1_000 });
});

test('a retry delay that is not a whole number of milliseconds in range stops start-up with what to change', () => {
  for (const [name, value, bounds] of [
    ['COWORK_WEBHOOK_FIRST_RETRY_MS', '30s', 'from 1000 to 3600000'],
    ['COWORK_WEBHOOK_FIRST_RETRY_MS', '999', 'from 1000 to 3600000'],
    ['COWORK_WEBHOOK_FIRST_RETRY_MS', '3600001', 'from 1000 to 3600000'],
    ['COWORK_WEBHOOK_LONGEST_RETRY_MS', '-1', 'from 1000 to 86400000'],
    ['COWORK_WEBHOOK_LONGEST_RETRY_MS', '1.5', 'from 1000 to 86400000'],
    ['COWORK_WEBHOOK_LONGEST_RETRY_MS', '86400001', 'from 1000 to 86400000'],
  ] as const) {
    assert.throws(() => resolveWebhookSettings({ [name]: value }), (error: Error) => error instanceof ConfigError
      && error.message === `${name} must be a whole number of milliseconds ${bounds}, not "${value}"; leave it unset for ${name.includes('FIRST') ? 30000 : 21600000}.`, `${name}=${value}`);
  }
});

test('a first retry delay longer than the longest is refused, since the delays only grow', () => {
  assert.throws(() => resolveWebhookSettings({ COWORK_WEBHOOK_FIRST_RETRY_MS: '60000', COWORK_WEBHOOK_LONGEST_RETRY_MS: '59999' }),
    (error: Error) => error instanceof ConfigError && /COWORK_WEBHOOK_FIRST_RETRY_MS \(60000\) must not exceed COWORK_WEBHOOK_LONGEST_RETRY_MS \(59999\)/.test(error.message));
  // The longest alone set below the default first delay is the same mistake.
  assert.throws(() => resolveWebhookSettings({ COWORK_WEBHOOK_LONGEST_RETRY_MS: '10000' }), /COWORK_WEBHOOK_FIRST_RETRY_MS \(30000\) must not exceed/);
});

test('a bad retry delay stops `cowork serve` with one line, not a stack', { timeout: 60_000 }, async () => {
  await assert.rejects(startServerProcess({ env: { COWORK_WEBHOOK_FIRST_RETRY_MS: 'soon' } }), (error: Error) => {
    assert.match(error.message, /cowork: COWORK_WEBHOOK_FIRST_RETRY_MS must be a whole number of milliseconds/);
    assert.doesNotMatch(error.message, /^\s+at /m);
    return true;
  });
});

test('failed deliveries wait the configured first delay, then four times longer, never more than the longest', { timeout: 60_000 }, async () => {
  const receiver = await startReceiver({ failFirst: 1_000 });
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const retry = resolveWebhookSettings({ COWORK_WEBHOOK_FIRST_RETRY_MS: '60000', COWORK_WEBHOOK_LONGEST_RETRY_MS: '300000' }).retry;
    const deliver = deliverWebhooksJob(h.db, { timeoutMs: 5_000, allowPrivate: true, retry });
    const ada = await h.signUp('Ada');
    const hook = await addWebhook(h, ada.token, receiver.url);
    await h.request('POST', `/v1/webhooks/${hook.id}/ping`, { token: ada.token });
    // A step every 15 seconds of the server's clock for 30 minutes: the default delays would give 4 tries.
    for (let step = 0; step < 4 * 30; step++) {
      await deliver.runOnce(h.clock.now());
      h.clock.advance(0.25);
    }
    const log = (await json(await h.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: ada.token }))).data;
    const times = log.map((entry: any) => Date.parse(entry.at)).reverse();
    const delays = times.slice(1).map((at: number, i: number) => (at - times[i]) / 1000);
    assert.deepEqual(delays.slice(0, 4), [60, 240, 300, 300], 'seconds between tries');
    assert.ok(delays.slice(4).every((seconds: number) => seconds === 300), `then every 5 minutes: ${delays.join(', ')}`);
    await receiver.waitFor(log.length);
  } finally {
    h.close();
    await receiver.stop();
  }
});
