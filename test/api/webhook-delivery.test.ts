import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DELIVERY, deliverWebhooksJob, RETRY_FOR_MS } from '../../api/jobs/deliver-webhooks.js';
import { signatureIsValid, startReceiver } from '../helpers/webhook-receiver.js';
import { createHarness, json, snapshot } from './harness.js';
import { addWebhook } from './webhook-fixtures.js';

const allowed = { timeoutMs: 5_000, allowPrivate: true };

test('a receiver answering 500 three times then 200 gets the event acknowledged once, after growing retries', { timeout: 60_000 }, async () => {
  const receiver = await startReceiver({ failFirst: 3 });
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const deliver = deliverWebhooksJob(h.db, allowed);
    const ada = await h.signUp('Ada');
    const hook = await addWebhook(h, ada.token, receiver.url);
    const { eventId } = await json(await h.request('POST', `/v1/webhooks/${hook.id}/ping`, { token: ada.token }));
    const attempts = async () => Number((await h.inspect().execute('SELECT count(*) AS n FROM webhook_deliveries')).rows[0]!.n);
    // A step every 15 seconds of the server's clock, until the fourth attempt (bounded to a day).
    for (let step = 0; step < 4 * 60 * 24 && (await attempts()) < 4; step++) {
      await deliver.runOnce(h.clock.now());
      h.clock.advance(0.25);
    }
    const got = await receiver.waitFor(4);
    assert.deepEqual(got.map((event) => event.status), [500, 500, 500, 200]);
    assert.ok(got.every((event) => event.id === eventId && signatureIsValid(hook.secret, event.body, event.signature)));
    h.clock.advance(24 * 60);
    await deliver.runOnce(h.clock.now());
    assert.equal(receiver.received().length, 4, 'acknowledged: never sent again');
    const log = (await json(await h.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: ada.token }))).data;
    assert.deepEqual(log.map((entry: any) => [entry.attempt, entry.status, entry.outcome]).reverse(), [
      [1, 500, 'retrying'], [2, 500, 'retrying'], [3, 500, 'retrying'], [4, 200, 'delivered'],
    ]);
    const times = log.map((entry: any) => Date.parse(entry.at)).reverse();
    const delays = times.slice(1).map((at: number, i: number) => at - times[i]);
    assert.ok(delays[0] > 0 && delays[1] > delays[0] && delays[2] > delays[1], `delays grow: ${delays.join(', ')} ms`);
  } finally {
    h.close();
    await receiver.stop();
  }
});

test('a receiver that never answers 2xx is retried for 24 hours, then the event is given up and logged as failed', { timeout: 60_000 }, async () => {
  const receiver = await startReceiver({ failFirst: 1_000 });
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const deliver = deliverWebhooksJob(h.db, allowed);
    const ada = await h.signUp('Ada');
    const hook = await addWebhook(h, ada.token, receiver.url);
    await h.request('POST', `/v1/webhooks/${hook.id}/ping`, { token: ada.token });
    const start = h.clock.now().getTime();
    while (h.clock.now().getTime() <= start + RETRY_FOR_MS + 60 * 60_000) {
      await deliver.runOnce(h.clock.now());
      h.clock.advance(15);
    }
    const log = (await json(await h.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: ada.token }))).data;
    assert.equal(log[0].outcome, 'failed');
    assert.ok(log.slice(1).every((entry: any) => entry.outcome === 'retrying'));
    assert.ok(log.length >= 6 && log.length < 20, `${log.length} attempts in 24 hours`);
    const lastAt = Date.parse(log[0].at);
    assert.ok(lastAt >= start + RETRY_FOR_MS && lastAt < start + RETRY_FOR_MS + 20 * 60_000, 'the last try is at the 24-hour mark');
    await receiver.waitFor(log.length);
  } finally {
    h.close();
    await receiver.stop();
  }
});

test('private and loopback receivers are refused at creation unless COWORK_WEBHOOK_ALLOW_PRIVATE, and nothing is written', { timeout: 60_000 }, async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    const before = await snapshot(h.inspect());
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::ffff:192.168.0.1]/x']) {
      const response = await h.request('POST', '/v1/webhooks', { token: ada.token, body: { url } });
      assert.equal(response.status, 422, url);
      assert.equal((await json(response)).type, 'urn:cowork:problem:webhook-url-private', url);
    }
    for (const url of ['ftp://example.org/x', 'https://user:pw@example.org/x', 'not a url']) {
      const response = await h.request('POST', '/v1/webhooks', { token: ada.token, body: { url } });
      assert.equal((await json(response)).type, 'urn:cowork:problem:webhook-url-invalid', url);
    }
    const badEvent = await h.request('POST', '/v1/webhooks', { token: ada.token, body: { url: 'https://example.org', events: ['session.exploded'] } });
    assert.equal(badEvent.status, 400);
    assert.equal(await snapshot(h.inspect()), before);
  } finally {
    h.close();
  }
});

test('delivery checks the address it connects to: a name resolving to 127.0.0.1 is refused without the setting', { timeout: 60_000 }, async () => {
  const receiver = await startReceiver();
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const ada = await h.signUp('Ada');
    const byName = await addWebhook(h, ada.token, `http://localhost:${receiver.port}/hook`);
    const byAddress = await addWebhook(h, ada.token, receiver.url);
    for (const hook of [byName, byAddress]) await h.request('POST', `/v1/webhooks/${hook.id}/ping`, { token: ada.token });
    await deliverWebhooksJob(h.db, DEFAULT_DELIVERY).runOnce(h.clock.now());
    for (const hook of [byName, byAddress]) {
      const [entry] = (await json(await h.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: ada.token }))).data;
      assert.equal(entry.status, null);
      assert.match(entry.error, /private, loopback or link-local/);
      assert.equal(entry.outcome, 'retrying');
    }
    // The same webhooks do arrive once the setting allows it, so the refusal above was the policy, not the network.
    h.clock.advance(1);
    await deliverWebhooksJob(h.db, allowed).runOnce(h.clock.now());
    assert.equal((await receiver.waitFor(2)).length, 2);
  } finally {
    h.close();
    await receiver.stop();
  }
});

test('webhooks belong to one person: at most 10, the secret shown once, others get 404', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await addWebhook(h, ada.token, `https://example.org/${i}`)).id);
    const eleventh = await h.request('POST', '/v1/webhooks', { token: ada.token, body: { url: 'https://example.org/11' } });
    assert.equal(eleventh.status, 409);
    assert.equal((await json(eleventh)).type, 'urn:cowork:problem:webhook-limit');
    const listed = (await json(await h.request('GET', '/v1/webhooks', { token: ada.token }))).data;
    assert.equal(listed.length, 10);
    assert.ok(listed.every((hook: any) => !('secret' in hook) && hook.events.length === 5));
    assert.deepEqual((await json(await h.request('GET', '/v1/webhooks', { token: bob.token }))).data, []);
    for (const [method, path] of [['DELETE', ''], ['GET', '/deliveries'], ['POST', '/ping']] as const) {
      assert.equal((await h.request(method, `/v1/webhooks/${ids[0]}${path}`, { token: bob.token })).status, 404, `${method} ${path}`);
    }
    assert.equal((await h.request('DELETE', `/v1/webhooks/${ids[0]}`, { token: ada.token })).status, 204);
    assert.equal((await h.request('POST', '/v1/webhooks', { token: ada.token, body: { url: 'https://example.org/11' } })).status, 201);
  } finally {
    h.close();
  }
});
