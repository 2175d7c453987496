import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, resolveJobSettings } from '../../api/config/config.js';

test('job settings default to a 60 s lease renewed every 20 s', () => {
  assert.deepEqual(resolveJobSettings({}), { leaseMs: 60_000, tickMs: 20_000 });
});

test('job settings are read from COWORK_JOB_LEASE_MS and COWORK_JOB_TICK_MS', () => {
  assert.deepEqual(resolveJobSettings({ COWORK_JOB_LEASE_MS: '2000', COWORK_JOB_TICK_MS: '250' }), { leaseMs: 2_000, tickMs: 250 });
});

test('a lease or tick that is not a whole number of milliseconds in range stops start-up with what to change', () => {
  for (const env of [{ COWORK_JOB_LEASE_MS: '60s' }, { COWORK_JOB_LEASE_MS: '999' }, { COWORK_JOB_TICK_MS: '-5' }, { COWORK_JOB_TICK_MS: '1.5' }]) {
    assert.throws(() => resolveJobSettings(env), (error: Error) => error instanceof ConfigError && /COWORK_JOB_(LEASE|TICK)_MS must be a whole number of milliseconds/.test(error.message), JSON.stringify(env));
  }
});

test('a tick longer than half the lease is refused, since one late tick would lose the lease', () => {
  assert.throws(() => resolveJobSettings({ COWORK_JOB_LEASE_MS: '10000', COWORK_JOB_TICK_MS: '5001' }), /at most half of COWORK_JOB_LEASE_MS/);
  assert.deepEqual(resolveJobSettings({ COWORK_JOB_LEASE_MS: '10000', COWORK_JOB_TICK_MS: '5000' }), { leaseMs: 10_000, tickMs: 5_000 });
});
