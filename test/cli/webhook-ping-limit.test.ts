import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson } from './run-cowork.js';

test('cowork webhook ping says in words that the minute\'s 10 pings are used, and when to ping again; exit 1', { timeout: 90_000 }, async () => {
  const env = { COWORK_NOW: '2030-01-07T13:55:00Z' };
  const server = await startServerProcess({ env: { ...env, COWORK_WEBHOOK_ALLOW_PRIVATE: '1' }, checkContract: true });
  try {
    const ada = await signedUpPerson(server.url, 'Ada', env);
    const added = await runCowork(ada, ['webhook', 'add', 'http://127.0.0.1:9/hook', '--json']);
    assert.equal(added.code, 0, added.stderr);
    const { id } = JSON.parse(added.stdout) as { id: string };
    for (let i = 0; i < 10; i++) {
      const ping = await runCowork(ada, ['webhook', 'ping', id]);
      assert.equal(ping.code, 0, ping.stderr);
    }
    const refused = await runCowork(ada, ['webhook', 'ping', id]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /You have sent 10 webhook pings in the last minute, the most allowed\./);
    assert.match(refused.stderr, /Ping again [^\n]+\(in [^)]+\); `cowork webhook deliveries/);
    assert.doesNotMatch(refused.stderr, /\d{4}-\d{2}-\d{2}T/, 'times in words, not ISO strings');
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
