import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { test } from 'node:test';
import { classifyAddress, publicOnlyLookupWith } from '../../api/webhooks/address-policy.js';
import { HOST_LOOKUP_DEADLINE_MS } from '../../api/webhooks/host-addresses.js';
import { sendWebhook } from '../../api/webhooks/send.js';
import { startDnsServer } from '../helpers/dns-server.js';

/** Every form a webhook must not reach, and what its refusal calls it. */
const REFUSED: [address: string, named: RegExp][] = [
  ['0.0.0.0', /unspecified/], ['0.1.2.3', /unspecified/], ['10.0.0.1', /private/], ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.254', /carrier-grade NAT/], ['127.0.0.1', /loopback/], ['127.1.2.3', /loopback/], ['169.254.169.254', /link-local/],
  ['172.16.0.1', /private/], ['172.31.255.255', /private/], ['192.0.0.1', /reserved/], ['192.0.2.1', /reserved/],
  ['192.168.1.1', /private/], ['198.18.0.1', /reserved/], ['198.19.255.255', /reserved/], ['198.51.100.7', /reserved/],
  ['203.0.113.9', /reserved/], ['224.0.0.1', /multicast/], ['239.255.255.250', /multicast/], ['240.0.0.1', /reserved/],
  ['255.255.255.255', /broadcast/],
  ['::', /unspecified/], ['::1', /loopback/],
  ['::7f00:1', /IPv4-compatible, deprecated, carrying 127\.0\.0\.1: loopback/],
  ['::127.0.0.1', /IPv4-compatible.*127\.0\.0\.1: loopback/], // as Node prints an IPv4-compatible peer
  ['::101:101', /IPv4-compatible.*1\.1\.1\.1: public/], ['::1.1.1.1', /IPv4-compatible.*1\.1\.1\.1: public/],
  ['::ffff:127.0.0.1', /IPv4-mapped, carrying 127\.0\.0\.1: loopback/], ['::ffff:7f00:1', /IPv4-mapped.*loopback/],
  ['::ffff:a00:1', /IPv4-mapped.*10\.0\.0\.1: private/], ['::ffff:169.254.169.254', /IPv4-mapped.*link-local/],
  ['::ffff:0:7f00:1', /IPv4-translated, carrying 127\.0\.0\.1: loopback/], ['::ffff:0:101:101', /IPv4-translated.*1\.1\.1\.1: public/],
  ['2002:7f00:1::', /6to4, carrying 127\.0\.0\.1: loopback/], ['2002:a00:1::1', /6to4.*10\.0\.0\.1: private/],
  ['2002:101:101::1', /6to4.*1\.1\.1\.1: public/],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', /Teredo, server 65\.54\.227\.120: public; client 127\.0\.0\.1: loopback/],
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', /Teredo.*client 10\.0\.0\.1: private/],
  ['64:ff9b::7f00:1', /NAT64, carrying 127\.0\.0\.1: loopback/], ['64:ff9b::a9fe:a9fe', /NAT64.*169\.254\.169\.254: link-local/],
  ['64:ff9b:1::101:101', /local-use NAT64/],
  ['fec0::1', /site-local/], ['feff::1', /site-local/], ['100::1', /discard-only/], ['fc00::1', /unique-local/],
  ['fd12:3456:789a::1', /unique-local/], ['fe80::1', /link-local/], ['fe80::1%lo', /link-local/], ['ff02::1', /multicast/],
  ['ff05::1:3', /multicast/], ['2001:db8::1', /reserved or documentation/], ['3fff::1', /reserved or documentation/],
  ['2001:2::1', /benchmarking/], ['2001:10::1', /ORCHID/], ['5f00::1', /segment routing/], ['4000::1', /outside global unicast/],
  ['200::1', /outside global unicast/], ['[::1]', /loopback/], ['localhost', /not an IP address/], ['', /no address/],
];

/** Public unicast, some just outside a refused range. */
const ALLOWED = [
  '1.1.1.1', '8.8.8.8', '93.184.215.14', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1', '192.0.1.1',
  '198.17.255.255', '198.20.0.1', '223.255.255.255', '2606:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:82a::200e',
  '[2606:4700::1111]', '::ffff:1.1.1.1', '::ffff:101:101', '64:ff9b::101:101', '64:ff9b::8.8.8.8', '2001:200::1',
];

test('every internal, reserved and transition form is refused, named by what it is and what it carries; public unicast is allowed', () => {
  for (const [address, named] of REFUSED) {
    const verdict = classifyAddress(address);
    assert.equal(verdict.public, false, `${address} is refused`);
    assert.match(verdict.description, named, address);
  }
  for (const address of ALLOWED) {
    const verdict = classifyAddress(address);
    assert.equal(verdict.public, true, `${address} is allowed (${verdict.description})`);
  }
});

test('a delivery to a refused literal address is refused before connecting', async () => {
  const options = { timeoutMs: 2_000, allowPrivate: false };
  // A URL has no room for a zone (fe80::1%lo), and a name is not a literal.
  const literals = REFUSED.map(([address]) => address).filter((address) => /[.:]/.test(address) && !address.includes('%'));
  for (const address of literals) {
    const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
    const result = await sendWebhook(`http://${host}:9/hook`, '{}', {}, options);
    assert.equal(result.status, null, address);
    assert.match(result.error ?? '', /\brefused\b/, `${address}: ${result.error}`);
  }
});

test('the delivery lookup keeps only the public addresses a name has, and fails, naming them, when it has none', async () => {
  const dns = await startDnsServer({
    'mixed.test': ['1.1.1.1', '2002:7f00:1::', '2606:4700::1111', '::ffff:a00:1'],
    'internal.test': ['127.0.0.1', '::7f00:1', '::101:101', 'fec0::1', '64:ff9b::7f00:1'],
  });
  try {
    const lookup = publicOnlyLookupWith({ deadlineMs: HOST_LOOKUP_DEADLINE_MS, servers: [dns.address] });
    const all = (name: string) => new Promise<{ error: Error | null; addresses: LookupAddress[] }>((resolve) =>
      lookup(name, { all: true }, (error, addresses) => resolve({ error, addresses: addresses as LookupAddress[] })));
    const mixed = await all('mixed.test');
    assert.equal(mixed.error, null);
    assert.deepEqual(mixed.addresses.map((entry) => entry.address).sort(), ['1.1.1.1', '2606:4700::1111']);
    const internal = await all('internal.test');
    assert.ok(internal.error);
    // c-ares prints ::7f00:1 as ::127.0.0.1, which ipaddr.js alone reads as IPv4-mapped (and ::1.1.1.1 as public).
    for (const named of [/127\.0\.0\.1 \(loopback\)/, /::127\.0\.0\.1 \(IPv4-compatible/, /::1\.1\.1\.1 \(IPv4-compatible/, /fec0::1 \(site-local\)/, /64:ff9b::7f00:1 \(NAT64/]) {
      assert.match(internal.error.message, named);
    }
  } finally {
    await dns.stop();
  }
});
