import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import type { JitsiConfig } from '../../api/call/jitsi-config.js';
import { mintJitsiToken } from '../../api/call/jitsi-token.js';
import { verifyHs256, verifyRs256 } from './helpers/jwt.js';

const request = {
  room: 'cowork0123456789abcdef0123456789abcdef',
  user: { id: 'u1', name: 'Ada' },
  now: new Date('2030-01-07T13:55:00Z'),
  expiresAt: new Date('2030-01-07T14:50:00Z'),
};
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('mintJitsiToken', () => {
  test('public mode has no token', () => {
    assert.equal(mintJitsiToken({ mode: 'public', domain: 'meet.jit.si' }, request), null);
  });

  test('self-hosted: HS256 with iss/aud = app id, sub = domain, the exact room, context.user and a short exp', () => {
    const config: JitsiConfig = { mode: 'self-hosted', domain: 'meet.example.org', appId: 'cowork', appSecret: 's'.repeat(32) };
    const { header, payload } = verifyHs256(mintJitsiToken(config, request)!, config.appSecret);
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(payload, {
      iss: 'cowork', aud: 'cowork', sub: 'meet.example.org', room: request.room,
      iat: seconds('2030-01-07T13:55:00Z'), nbf: seconds('2030-01-07T13:55:00Z') - 10, exp: seconds('2030-01-07T14:50:00Z'),
      context: { user: { id: 'u1', name: 'Ada' } },
    });
  });

  test('self-hosted: a token signed with another secret does not verify', () => {
    const config: JitsiConfig = { mode: 'self-hosted', domain: 'meet.example.org', appId: 'cowork', appSecret: 's'.repeat(32) };
    assert.throws(() => verifyHs256(mintJitsiToken(config, request)!, 't'.repeat(32)), /does not verify/);
  });

  test('JaaS: RS256 with kid = appId/keyId, aud "jitsi", iss "chat", sub = app id, the room and context.user', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const config: JitsiConfig = { mode: 'jaas', domain: '8x8.vc', appId: 'vpaas-magic-cookie-abc', keyId: 'key1', privateKey };
    const { header, payload } = verifyRs256(mintJitsiToken(config, request)!, publicKey);
    assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: 'vpaas-magic-cookie-abc/key1' });
    assert.equal(payload.aud, 'jitsi');
    assert.equal(payload.iss, 'chat');
    assert.equal(payload.sub, 'vpaas-magic-cookie-abc');
    assert.equal(payload.room, request.room);
    assert.equal(payload.exp, seconds('2030-01-07T14:50:00Z'));
    assert.ok(payload.exp - payload.iat <= 85 * 60, 'expiry is within a session length');
    assert.deepEqual(payload.context.user, { id: 'u1', name: 'Ada', moderator: true });
  });

  test('JaaS: another key cannot verify the token', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const config: JitsiConfig = { mode: 'jaas', domain: '8x8.vc', appId: 'app', keyId: 'k', privateKey };
    assert.throws(() => verifyRs256(mintJitsiToken(config, request)!, other), /does not verify/);
  });
});
