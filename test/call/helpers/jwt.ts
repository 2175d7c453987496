import { createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** Checks a JWT's signature the way a Jitsi deployment would, and hands back its parts. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, any>;
}

function split(token: string): { input: string; signature: Buffer; decoded: DecodedJwt } {
  const [header, payload, signature, ...rest] = token.split('.');
  if (!header || !payload || !signature || rest.length) throw new Error(`not a compact JWS: ${token}`);
  const part = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, any>;
  return { input: `${header}.${payload}`, signature: Buffer.from(signature, 'base64url'), decoded: { header: part(header), payload: part(payload) } };
}

export function verifyHs256(token: string, secret: string): DecodedJwt {
  const { input, signature, decoded } = split(token);
  const expected = createHmac('sha256', secret).update(input).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new Error('HS256 signature does not verify');
  return decoded;
}

export function verifyRs256(token: string, publicKey: KeyObject): DecodedJwt {
  const { input, signature, decoded } = split(token);
  if (!verify('sha256', Buffer.from(input), publicKey, signature)) throw new Error('RS256 signature does not verify');
  return decoded;
}
