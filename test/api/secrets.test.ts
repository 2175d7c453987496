import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { newId, newRoomName, newToken, sha256 } from '../../api/accounts/secrets.js';

test('ids, tokens and room names keep their formats and never repeat, across many refills of the random pool', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5_000; i++) {
    const id = newId();
    const token = newToken();
    const room = newRoomName();
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.match(token, /^cwk_[A-Za-z0-9_-]{43}$/);
    assert.match(room, /^cowork[0-9a-f]{32}$/);
    for (const value of [id, token, room]) seen.add(value);
  }
  assert.equal(seen.size, 15_000);
});

test('sha256 is the hex SHA-256 of the text, as stored token hashes were computed', () => {
  assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  const text = 'cwk_ünïcödé token';
  assert.equal(sha256(text), createHash('sha256').update(text).digest('hex'));
});
