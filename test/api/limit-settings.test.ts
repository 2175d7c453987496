import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, resolveServerConfig } from '../../api/config/config.js';

describe('limit settings', () => {
  test('default to 30 upcoming sessions, 10 sign-ups an hour, one hashing slot and no trusted proxy', () => {
    const config = resolveServerConfig({}, {});
    assert.deepEqual(config.usageLimits, { maxUpcoming: 30, signupsPerHour: 10 });
    assert.deepEqual(config.passwordQueue, { slots: 1, maxWaiting: 64 });
    assert.equal(config.trustProxy, false);
  });

  test('come from COWORK_MAX_UPCOMING, COWORK_SIGNUPS_PER_HOUR, COWORK_HASH_SLOTS, COWORK_HASH_QUEUE and COWORK_TRUST_PROXY', () => {
    const config = resolveServerConfig({}, {
      COWORK_MAX_UPCOMING: '5', COWORK_SIGNUPS_PER_HOUR: '100', COWORK_HASH_SLOTS: '2', COWORK_HASH_QUEUE: '8', COWORK_TRUST_PROXY: '1',
    });
    assert.deepEqual(config.usageLimits, { maxUpcoming: 5, signupsPerHour: 100 });
    assert.deepEqual(config.passwordQueue, { slots: 2, maxWaiting: 8 });
    assert.equal(config.trustProxy, true);
  });

  test('a value that cannot work stops start-up with a message naming the setting', () => {
    for (const [name, value] of [['COWORK_MAX_UPCOMING', '0'], ['COWORK_SIGNUPS_PER_HOUR', 'ten'], ['COWORK_HASH_SLOTS', '1.5'], ['COWORK_TRUST_PROXY', 'yes']]) {
      assert.throws(() => resolveServerConfig({}, { [name!]: value }), (error: Error) => error instanceof ConfigError && error.message.startsWith(name!), `${name}=${value}`);
    }
  });
});
