import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv, ClientAddressResolver } from '../config/app-env.js';
import { sha256 } from './secrets.js';

function socketAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // getConnInfo throws under app.request(), where no socket exists.
    return null;
  }
}

/**
 * With `trustProxy` (COWORK_TRUST_PROXY=1, only behind exactly one reverse proxy) the address is the
 * last hop of X-Forwarded-For, the one that proxy appended; earlier hops are the client's to forge.
 */
export function clientAddressResolver(trustProxy: boolean): ClientAddressResolver {
  if (!trustProxy) return socketAddress;
  return (c) => {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
    return hops.at(-1) ?? socketAddress(c);
  };
}

/** The request's client address as the limits key it, hashed so the database never holds it in the clear. */
export function clientAddressHash(c: Context<AppEnv>): string | null {
  const address = (c.get('deps').clientAddress ?? socketAddress)(c);
  return address === null ? null : sha256(`cowork-client-address\n${address}`);
}
