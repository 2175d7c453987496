import type { LookupAddress } from 'node:dns';
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

/** How long finding a webhook host's addresses may take, all queries together. */
export const HOST_LOOKUP_DEADLINE_MS = 3_000;

export interface HostLookupOptions {
  deadlineMs: number;
  /** DNS servers to ask instead of the system's (tests point this at one that never answers). */
  servers?: string[];
}

/** A name gave no address: it does not exist, no answer came in time, or DNS failed otherwise (the message says which). */
export class HostLookupError extends Error {}

const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'EBADNAME']);

/**
 * A name's IPv4 and IPv6 addresses, asked of DNS directly (c-ares) under one overall deadline. Not
 * `dns.lookup`: getaddrinfo cannot be cancelled and holds one of libuv's four threads (the ones
 * password hashing uses) for as long as a silent DNS server makes it wait. `localhost` names are
 * loopback without asking anyone (RFC 6761 §6.3).
 */
export async function addressesOf(hostname: string, options: HostLookupOptions): Promise<LookupAddress[]> {
  const name = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(name);
  if (family !== 0) return [{ address: name, family }];
  if (/(^|\.)localhost\.?$/i.test(name)) return [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }];

  const resolver = new dns.Resolver({ timeout: Math.max(100, Math.floor(options.deadlineMs / 3)), tries: 2 });
  if (options.servers) resolver.setServers(options.servers);
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    resolver.cancel();
  }, options.deadlineMs);
  try {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
    const found = [
      ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
      ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
    ];
    if (found.length > 0) return found;
    const codes = [v4, v6].map((result) => (result.status === 'rejected' ? (result.reason as NodeJS.ErrnoException).code ?? '' : 'ENODATA'));
    if (timedOut || codes.includes('ETIMEOUT')) {
      throw new HostLookupError(`no DNS answer for ${name} within ${options.deadlineMs} ms`);
    }
    if (codes.every((code) => NOT_FOUND.has(code))) throw new HostLookupError(`${name} has no address in DNS`);
    throw new HostLookupError(`DNS could not resolve ${name} (${[...new Set(codes)].join(', ')})`);
  } finally {
    clearTimeout(deadline);
  }
}
