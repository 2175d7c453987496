import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHarness, json } from './harness.js';
import { addWebhook } from './webhook-fixtures.js';

test('POST /v1/webhooks/{id}/ping: 10 a minute per person answered 202, the 11th 429 too-many-pings with Retry-After, queueing nothing; a minute later allowed again', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const first = await addWebhook(h, ada.token, 'http://127.0.0.1:9/one');
    const second = await addWebhook(h, ada.token, 'http://127.0.0.1:9/two');
    const bobHook = await addWebhook(h, bob.token, 'http://127.0.0.1:9/bob');
    const ping = (id: string, token = ada.token) => h.request('POST', `/v1/webhooks/${id}/ping`, { token });
    const queued = async () => Number((await h.inspect().execute(`SELECT count(*) AS n FROM webhook_events WHERE type = 'ping'`)).rows[0]!.n);

    for (let i = 0; i < 10; i++) assert.equal((await ping(i % 2 ? first.id : second.id)).status, 202, `ping ${i + 1}`);
    h.clock.advance(0.5);
    const refused = await ping(first.id);
    assert.equal(refused.status, 429);
    const problem = await json(refused);
    assert.equal(problem.type, 'urn:cowork:problem:too-many-pings');
    assert.match(problem.detail, /10 pings in the last minute/);
    assert.equal(problem.retryAt, '2030-01-07T10:01:00.000Z', 'the minute counts from the first ping');
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.equal(await queued(), 10, 'the refused ping queued nothing');
    assert.equal((await ping(second.id)).status, 429, 'the limit is the person\'s, over all their webhooks');
    assert.equal((await ping(bobHook.id, bob.token)).status, 202, 'another person has their own minute');
    assert.equal((await ping('wh_nothere')).status, 404, 'a webhook that is not yours is still not found');

    h.clock.advance(0.5);
    assert.equal((await ping(first.id)).status, 202, 'a minute after the first ping, allowed again');
    assert.equal(await queued(), 12);

    const documented = (await json(await h.request('GET', '/openapi.json'))).paths['/v1/webhooks/{id}/ping'].post.responses['429'];
    assert.match(documented.description, /10 pings in this minute/);
    assert.ok(documented.headers['Retry-After'], '/openapi.json names the Retry-After header');
  } finally {
    h.close();
  }
});
