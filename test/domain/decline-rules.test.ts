import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextDeclineAllowedAt } from '../../api/domain/decline-rules.js';

const at = (iso: string) => new Date(iso);

describe('the decline limit (SPEC §7): at most 3 in any 24 hours', () => {
  const now = at('2030-01-08T12:00:00Z');

  test('fewer than three declines in the last 24 hours: the next is allowed now', () => {
    assert.equal(nextDeclineAllowedAt([at('2030-01-08T09:00:00Z'), at('2030-01-08T10:00:00Z')], now), null);
  });

  test('three declines: the next is allowed 24 hours after the oldest of them', () => {
    const times = [at('2030-01-08T10:00:00Z'), at('2030-01-07T13:00:00Z'), at('2030-01-08T11:00:00Z')];
    assert.equal(nextDeclineAllowedAt(times, now)?.toISOString(), '2030-01-08T13:00:00.000Z');
  });

  test('declines older than 24 hours do not count', () => {
    const times = [at('2030-01-07T11:59:59Z'), at('2030-01-08T10:00:00Z'), at('2030-01-08T11:00:00Z')];
    assert.equal(nextDeclineAllowedAt(times, now), null);
  });
});
