import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueCallCredential, verifyCallCredential } from '../../api/call/call-credential.js';

const SECRET = 'x'.repeat(43);
const grant = { sessionId: 's1', userId: 'u1', issuedAt: new Date('2030-01-07T13:50:00Z'), expiresAt: new Date('2030-01-07T14:50:00Z') };
const before = new Date('2030-01-07T13:55:00Z');
const verifiedUser = (credential: string, at = before) => verifyCallCredential(SECRET, 's1', credential, at)?.userId ?? null;

describe('call credentials', () => {
  const credential = issueCallCredential(SECRET, grant);

  test('verify for the session and person they were issued for, with their issue time, until they expire', () => {
    assert.deepEqual(verifyCallCredential(SECRET, 's1', credential, before), { userId: 'u1', issuedAt: grant.issuedAt });
    assert.equal(verifiedUser(credential, new Date('2030-01-07T14:49:59Z')), 'u1');
    assert.equal(verifiedUser(credential, new Date('2030-01-07T14:50:00Z')), null);
  });

  test('are refused for another session or when signed with another secret', () => {
    assert.equal(verifyCallCredential(SECRET, 's2', credential, before), null);
    assert.equal(verifyCallCredential('y'.repeat(43), 's1', credential, before), null);
  });

  test('are refused when any part is tampered with', () => {
    const [version, userId, issued, expiry, signature] = credential.split('.') as [string, string, string, string, string];
    const later = (parseInt(expiry, 36) + 3_600_000).toString(36);
    const reissued = (parseInt(issued, 36) + 3_600_000).toString(36);
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    for (const forged of [
      [version, 'u2', issued, expiry, signature],
      [version, userId, issued, later, signature],
      [version, userId, reissued, expiry, signature],
      [version, userId, issued, expiry, flipped],
      ['c1', userId, issued, expiry, signature],
    ]) {
      assert.equal(verifiedUser(forged.join('.')), null, forged.join('.'));
    }
  });

  test('only the canonical encoding verifies: appended characters, unused last bits and padded times are refused', () => {
    const parts = credential.split('.');
    const signature = parts[4]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes make 43 characters; the last carries 4 bits of the MAC and 2 unused bits.
    const last = alphabet.indexOf(signature.at(-1)!);
    const signatures = [
      ...['!', '~', '=', '=='].map((extra) => signature + extra),
      ...[1, 2, 3].map((unused) => signature.slice(0, -1) + alphabet[last ^ unused]),
    ];
    for (const malleated of signatures) {
      assert.ok(Buffer.from(malleated, 'base64url').equals(Buffer.from(signature, 'base64url')), `${malleated} decodes to the same bytes`);
      assert.equal(verifiedUser([...parts.slice(0, 4), malleated].join('.')), null, malleated);
    }
    assert.equal(verifiedUser([parts[0], parts[1], `0${parts[2]}`, parts[3], signature].join('.')), null, 'zero-padded issue time');
    assert.equal(verifiedUser([parts[0], parts[1], parts[2], `0${parts[3]}`, signature].join('.')), null, 'zero-padded expiry');
  });

  test('malformed strings are refused, not thrown on', () => {
    for (const junk of ['', '....', 'c2.u1', `${credential}.extra`, 'c2.u1.1.zzzzzzzzzzzzzzzz.AAAA', 'c2.u 1.1.1.AAAA']) {
      assert.equal(verifiedUser(junk), null, junk);
    }
  });
});
