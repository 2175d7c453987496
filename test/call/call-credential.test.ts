import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueCallCredential, verifyCallCredential } from '../../api/call/call-credential.js';

const SECRET = 'x'.repeat(43);
const grant = { sessionId: 's1', userId: 'u1', expiresAt: new Date('2030-01-07T14:50:00Z') };
const before = new Date('2030-01-07T13:55:00Z');

describe('call credentials', () => {
  const credential = issueCallCredential(SECRET, grant);

  test('verify for the session and person they were issued for, until they expire', () => {
    assert.equal(verifyCallCredential(SECRET, 's1', credential, before), 'u1');
    assert.equal(verifyCallCredential(SECRET, 's1', credential, new Date('2030-01-07T14:49:59Z')), 'u1');
    assert.equal(verifyCallCredential(SECRET, 's1', credential, new Date('2030-01-07T14:50:00Z')), null);
  });

  test('are refused for another session or when signed with another secret', () => {
    assert.equal(verifyCallCredential(SECRET, 's2', credential, before), null);
    assert.equal(verifyCallCredential('y'.repeat(43), 's1', credential, before), null);
  });

  test('are refused when any part is tampered with', () => {
    const [version, userId, expiry, signature] = credential.split('.') as [string, string, string, string];
    const later = (parseInt(expiry, 36) + 3_600_000).toString(36);
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    for (const forged of [
      [version, 'u2', expiry, signature],
      [version, userId, later, signature],
      [version, userId, expiry, flipped],
      ['c2', userId, expiry, signature],
    ]) {
      assert.equal(verifyCallCredential(SECRET, 's1', forged.join('.'), before), null, forged.join('.'));
    }
  });

  test('malformed strings are refused, not thrown on', () => {
    for (const junk of ['', '...', 'c1.u1', `${credential}.extra`, 'c1.u1.zzzzzzzzzzzzzzzz.AAAA', 'c1.u 1.1.AAAA']) {
      assert.equal(verifyCallCredential(SECRET, 's1', junk, before), null, junk);
    }
  });
});
