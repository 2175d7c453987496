import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { addressesOf, HOST_LOOKUP_DEADLINE_MS, HostLookupError, type HostLookupOptions } from './host-addresses.js';

/**
 * Which addresses a webhook may reach (SPEC §9): public unicast only, so that a webhook cannot be
 * aimed at the server's own neighbourhood. An allow-list, not a block-list: an address is public
 * when ipaddr.js finds it in no special range (and, for IPv6, inside 2000::/3, the only block IANA
 * hands out); a range nobody listed yet is refused rather than reached. The literal check before
 * connecting, the lookup and the socket's connected address all go through `classifyAddress`.
 */
export interface AddressVerdict {
  public: boolean;
  /** The address and what it is, for a refusal: "2002:7f00:1:: (6to4, carrying 127.0.0.1: loopback)". */
  description: string;
}

const RANGE_WORDS: Record<string, string> = {
  unspecified: 'unspecified', broadcast: 'broadcast', multicast: 'multicast', linkLocal: 'link-local',
  loopback: 'loopback', carrierGradeNat: 'carrier-grade NAT', private: 'private', reserved: 'reserved or documentation',
  as112: 'AS112 DNS sink', amt: 'AMT relay', uniqueLocal: 'unique-local', deprecatedSiteLocal: 'site-local',
  discard: 'discard-only', benchmarking: 'benchmarking', as112v6: 'AS112 DNS sink', deprecatedOrchid: 'ORCHID',
  orchid2: 'ORCHID', droneRemoteIdProtocolEntityTags: 'drone identifier', segmentRouting: 'segment routing',
};

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

export function classifyAddress(address: string): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return classifyV4(ipaddr.IPv4.parse(bare), bare);
  // A zone (fe80::1%eth0) says which interface, not which address.
  if (family === 6) return classifyV6(ipaddr.IPv6.parse(hexTail(bare.replace(/%.*$/, ''))), bare);
  return { public: false, description: address ? `${address} (not an IP address)` : 'no address' };
}

export function isInternalAddress(address: string): boolean {
  return !classifyAddress(address).public;
}

function classifyV4(ip: ipaddr.IPv4, shown: string): AddressVerdict {
  const kind = v4Kind(ip);
  return { public: kind === 'public', description: `${shown} (${kind})` };
}

function classifyV6(ip: ipaddr.IPv6, shown: string): AddressVerdict {
  const range: string = ip.range();
  const refused = (what: string) => ({ public: false, description: `${shown} (${what})` });
  switch (range) {
    case 'unicast':
      if (ip.parts.slice(0, 6).every((part) => part === 0)) return refused(`IPv4-compatible, deprecated, carrying ${carried(ip, 6).text}`);
      if (!ip.match(GLOBAL_UNICAST)) return refused('outside global unicast 2000::/3');
      return { public: true, description: `${shown} (public)` };
    // Only these two may reach a public IPv4 receiver: a host's own view of an IPv4 peer, and the
    // well-known NAT64 prefix an IPv6-only server's DNS64 answers with (RFC 6052: never for non-global IPv4).
    case 'ipv4Mapped':
      return judgedByCarried(ip, shown, 'IPv4-mapped');
    case 'rfc6052':
      return ip.match(NAT64_WELL_KNOWN) ? judgedByCarried(ip, shown, 'NAT64') : refused('local-use NAT64');
    // Tunnels and translation a receiver never publishes: refused whatever they carry.
    case 'rfc6145':
      return refused(`IPv4-translated, carrying ${carried(ip, 6).text}`);
    case '6to4':
      return refused(`6to4, carrying ${carried(ip, 1).text}`);
    case 'teredo':
      return refused(`Teredo, server ${carried(ip, 2).text}; client ${carried(ip, 6, 0xffff).text}`);
    default:
      return refused(words(range));
  }
}

function judgedByCarried(ip: ipaddr.IPv6, shown: string, form: string): AddressVerdict {
  const inner = carried(ip, 6);
  return { public: inner.public, description: `${shown} (${form}, carrying ${inner.text})` };
}

/** The IPv4 address in parts `at` and `at + 1`, XORed with `mask` (Teredo hides its client so): "127.0.0.1: loopback". */
function carried(ip: ipaddr.IPv6, at: number, mask = 0): { public: boolean; text: string } {
  const [high, low] = [ip.parts[at]! ^ mask, ip.parts[at + 1]! ^ mask];
  const v4 = new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const kind = v4Kind(v4);
  return { public: kind === 'public', text: `${v4.toString()}: ${kind}` };
}

function v4Kind(ip: ipaddr.IPv4): string {
  const range = ip.range();
  return range === 'unicast' ? 'public' : words(range);
}

/**
 * "::1.2.3.4" as "::102:304". ipaddr.js 2.5 reads any dotted tail as IPv4-mapped (`::1.1.1.1`
 * becomes `::ffff:101:101`), and Node prints IPv4-compatible peers with one; `isIP` has checked the form.
 */
function hexTail(address: string): string {
  return address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`);
}

const words = (range: string) => RANGE_WORDS[range] ?? range;

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export class InternalAddressError extends Error {
  readonly code = 'EINTERNALADDRESS';
}

/** A `lookup` for node:http that answers only public addresses, and fails when a name has none. */
export function publicOnlyLookupWith(lookup: HostLookupOptions) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    addressesOf(hostname, lookup).then((addresses) => {
      const verdicts = addresses.map((entry) => ({ entry, verdict: classifyAddress(entry.address) }));
      const allowed = verdicts.filter(({ verdict }) => verdict.public).map(({ entry }) => entry);
      if (allowed.length === 0) {
        const found = verdicts.map(({ verdict }) => verdict.description).join(', ');
        return callback(new InternalAddressError(`${hostname} resolves only to private, loopback or link-local addresses or others that are not public: ${found}`), []);
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    }, (error: NodeJS.ErrnoException) => callback(error, []));
  };
}

export const publicOnlyLookup = publicOnlyLookupWith({ deadlineMs: HOST_LOOKUP_DEADLINE_MS });

export type HostJudgement =
  | { verdict: 'public' }
  /** Descriptions of the addresses that are not public. */
  | { verdict: 'internal'; addresses: string[] }
  | { verdict: 'unresolvable'; reason: string };

/**
 * Whether a receiver's host may be kept: it names at least one address now, and every one is public
 * (a name that mixes public and internal addresses is refused, not trimmed: a DNS-rebinding setup
 * looks exactly like that).
 */
export async function judgeHost(hostname: string, lookup: HostLookupOptions): Promise<HostJudgement> {
  let addresses: LookupAddress[];
  try {
    addresses = await addressesOf(hostname, lookup);
  } catch (error) {
    if (error instanceof HostLookupError) return { verdict: 'unresolvable', reason: error.message };
    throw error;
  }
  const internal = addresses.map((entry) => classifyAddress(entry.address)).filter((verdict) => !verdict.public);
  return internal.length === 0 ? { verdict: 'public' } : { verdict: 'internal', addresses: internal.map((verdict) => verdict.description) };
}
