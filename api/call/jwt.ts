import { createHmac, sign, type KeyObject } from 'node:crypto';

/** How a JSON Web Token is signed: a shared secret (HS256) or an RSA private key named by `kid` (RS256). */
export type JwtKey = { alg: 'HS256'; secret: string } | { alg: 'RS256'; privateKey: KeyObject; kid: string };

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS (RFC 7515) over `payload`; node:crypto is all it takes, so no JWT library. */
export function signJwt(payload: object, key: JwtKey): string {
  const header = key.alg === 'HS256' ? { alg: 'HS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid: key.kid };
  const input = `${encode(header)}.${encode(payload)}`;
  const signature =
    key.alg === 'HS256'
      ? createHmac('sha256', key.secret).update(input).digest()
      : sign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}
