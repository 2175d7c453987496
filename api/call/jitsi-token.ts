import type { JitsiConfig } from './jitsi-config.js';
import { signJwt } from './jwt.js';

export interface JitsiTokenRequest {
  /** The pair's stored room name, without any JaaS tenant prefix. */
  room: string;
  user: { id: string; name: string };
  now: Date;
  expiresAt: Date;
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * The Jitsi JWT of one person for one room, with the claims SPEC §5 lists per mode; null in
 * public mode, which has no tokens. `room` is the exact room, so the token opens nothing else.
 */
export function mintJitsiToken(config: JitsiConfig, request: JitsiTokenRequest): string | null {
  const times = { iat: seconds(request.now), nbf: seconds(request.now) - 10, exp: seconds(request.expiresAt) };
  const user = { id: request.user.id, name: request.user.name };
  switch (config.mode) {
    case 'public':
      return null;
    case 'self-hosted':
      return signJwt(
        { iss: config.appId, aud: config.appId, sub: config.domain, room: request.room, ...times, context: { user } },
        { alg: 'HS256', secret: config.appSecret },
      );
    case 'jaas':
      // Both partners are equals, and a JaaS room without a moderator waits in the lobby.
      return signJwt(
        { aud: 'jitsi', iss: 'chat', sub: config.appId, room: request.room, ...times, context: { user: { ...user, moderator: true } } },
        { alg: 'RS256', privateKey: config.privateKey, kid: `${config.appId}/${config.keyId}` },
      );
  }
}
