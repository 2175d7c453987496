import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_LOOKUP_DEADLINE_MS } from '../../api/webhooks/host-addresses.js';
import { startDnsServer } from '../helpers/dns-server.js';
import { createHarness, json, type Harness } from './harness.js';

async function addHook(h: Harness, token: string, url: string): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  const response = await h.request('POST', '/v1/webhooks', { token, body: { url } });
  return { status: response.status, body: await json(response), ms: performance.now() - started };
}

async function hookCount(h: Harness): Promise<number> {
  return Number((await h.inspect().execute('SELECT count(*) AS n FROM webhooks')).rows[0]!.n);
}

test('the literal addresses the blocklist let through are refused at creation, each named by its form, and nothing is written', { timeout: 60_000 }, async () => {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    for (const [host, named] of [
      ['[::7f00:1]', /IPv4-compatible.*127\.0\.0\.1: loopback/],
      ['[2002:7f00:1::]', /6to4.*127\.0\.0\.1: loopback/],
      ['[::ffff:0:7f00:1]', /IPv4-translated.*127\.0\.0\.1: loopback/],
      ['[fec0::1]', /site-local/],
      ['[100::1]', /discard-only/],
      ['[2001:0:4136:e378:8000:63bf:80ff:fffe]', /Teredo.*client 127\.0\.0\.1: loopback/],
      ['[64:ff9b::a9fe:a9fe]', /NAT64.*169\.254\.169\.254: link-local/],
      ['100.64.0.1', /carrier-grade NAT/],
      ['198.51.100.7', /reserved or documentation/],
    ] as const) {
      const { status, body } = await addHook(h, ada.token, `http://${host}/hook`);
      assert.equal(status, 422, host);
      assert.equal(body.type, 'urn:cowork:problem:webhook-url-private', host);
      assert.match(body.detail, named, host);
      assert.match(body.detail, /COWORK_WEBHOOK_ALLOW_PRIVATE=1/, 'says what the operator can do');
    }
    assert.equal(await hookCount(h), 0);
    for (const host of ['[2606:4700::1111]', '1.1.1.1', '[::ffff:1.1.1.1]']) {
      assert.equal((await addHook(h, ada.token, `https://${host}/hook`)).status, 201, host);
    }
  } finally {
    h.close();
  }
});

test('a name is judged by every address DNS gives it: all public is kept, any internal one is refused, none at all is refused', { timeout: 60_000 }, async () => {
  const dns = await startDnsServer({
    'public.test': ['1.1.1.1', '2606:4700::1111'],
    'dns64.test': ['64:ff9b::101:101'],
    'rebind.test': ['1.1.1.1', '::7f00:1'],
    'sitelocal.test': ['fec0::1'],
    'empty.test': [],
  });
  const h = await createHarness(undefined, undefined, { webhookHostLookup: { deadlineMs: HOST_LOOKUP_DEADLINE_MS, servers: [dns.address] } });
  try {
    const ada = await h.signUp('Ada');
    for (const name of ['public.test', 'dns64.test']) assert.equal((await addHook(h, ada.token, `https://${name}/hook`)).status, 201, name);
    for (const [name, named] of [['rebind.test', /::127\.0\.0\.1 \(IPv4-compatible/], ['sitelocal.test', /fec0::1 \(site-local\)/]] as const) {
      const { status, body } = await addHook(h, ada.token, `https://${name}/hook`);
      assert.equal(status, 422, name);
      assert.equal(body.type, 'urn:cowork:problem:webhook-url-private', name);
      assert.match(body.detail, named, name);
    }
    for (const name of ['nowhere.test', 'empty.test']) {
      const { status, body } = await addHook(h, ada.token, `https://${name}/hook`);
      assert.equal(status, 422, name);
      assert.equal(body.type, 'urn:cowork:problem:webhook-url-unresolvable', name);
      assert.match(body.detail, new RegExp(`${name} has no address in DNS; .*check the name for a typo`), name);
    }
    assert.equal(await hookCount(h), 2);
  } finally {
    h.close();
    await dns.stop();
  }
});

test('a name that does not resolve is refused at once, and a DNS server that never answers is given up on at the deadline', { timeout: 60_000 }, async () => {
  const silent = await startDnsServer({}, { silent: true });
  const h = await createHarness();
  const unanswered = await createHarness(undefined, undefined, { webhookHostLookup: { deadlineMs: HOST_LOOKUP_DEADLINE_MS, servers: [silent.address] } });
  try {
    const invalid = await addHook(h, (await h.signUp('Ada')).token, 'https://hooks.example.invalid/x');
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.type, 'urn:cowork:problem:webhook-url-unresolvable');
    assert.ok(invalid.ms < HOST_LOOKUP_DEADLINE_MS + 1_000, `answered in ${Math.round(invalid.ms)} ms`);

    const stalled = await addHook(unanswered, (await unanswered.signUp('Bob')).token, 'https://hooks.example.com/x');
    assert.equal(stalled.status, 422);
    assert.equal(stalled.body.type, 'urn:cowork:problem:webhook-url-unresolvable');
    assert.match(stalled.body.detail, new RegExp(`no DNS answer for hooks\\.example\\.com within ${HOST_LOOKUP_DEADLINE_MS} ms`));
    assert.ok(silent.queries() > 0, 'the lookup did ask the silent server');
    assert.ok(stalled.ms < HOST_LOOKUP_DEADLINE_MS + 1_500, `answered in ${Math.round(stalled.ms)} ms`);
    assert.equal(await hookCount(h) + await hookCount(unanswered), 0);
  } finally {
    h.close();
    unanswered.close();
    await silent.stop();
  }
});

test('with COWORK_WEBHOOK_ALLOW_PRIVATE a loopback receiver, by name or address, is kept', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const ada = await h.signUp('Ada');
    for (const url of ['http://localhost:9/hook', 'http://127.0.0.1:9/hook', 'http://[::1]:9/hook']) {
      assert.equal((await addHook(h, ada.token, url)).status, 201, url);
    }
  } finally {
    h.close();
  }
});
