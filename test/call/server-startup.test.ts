import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ServerExitedEarly } from '../helpers/server-process.js';
import { startCallServer } from './helpers/call-server.js';

/** What `cowork serve` says on stderr as it starts, and how it refuses a configuration it cannot run with. */
const dir = mkdtempSync(join(tmpdir(), 'cowork-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Everything the server wrote from start-up to its stop: the stop line comes last in the one pipe,
 * so once it arrived the start-up lines before it did too (stderr and the stdout that said
 * "listening" are read in no fixed order, and output may still arrive after the exit).
 */
async function startupLog(env: Record<string, string>): Promise<string> {
  const server = await startCallServer(env);
  await server.close();
  const deadline = Date.now() + 5_000;
  while (!/SIGTERM, finishing open requests/.test(server.stderr()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return server.stderr();
}

test('start-up in public mode names the mode and warns about meet.jit.si', async () => {
  const log = await startupLog({});
  assert.match(log, /Jitsi: public mode on meet\.jit\.si/);
  assert.match(log, /warning: meet\.jit\.si cuts embedded calls after 5 minutes/);
});

test('start-up with token auth names the mode and does not warn', async () => {
  const log = await startupLog({ COWORK_JITSI_DOMAIN: 'meet.example.org', COWORK_JITSI_APP_ID: 'cowork', COWORK_JITSI_APP_SECRET: 'k'.repeat(32) });
  assert.match(log, /self-hosted meet\.example\.org with HS256 tokens/);
  assert.doesNotMatch(log, /warning/);
});

for (const [what, env, message] of [
  ['an unreadable JaaS key', { COWORK_JAAS_APP_ID: 'app', COWORK_JAAS_KEY_ID: 'k', COWORK_JAAS_PRIVATE_KEY: join(dir, 'missing.pem') }, /cannot be read/],
  ['a secret without an app id', { COWORK_JITSI_APP_SECRET: 'k'.repeat(32) }, /COWORK_JITSI_APP_ID is missing/],
  ['a short call secret', { COWORK_CALL_SECRET: 'short' }, /COWORK_CALL_SECRET must be at least 32/],
] as const) {
  test(`a bad configuration stops start-up with exit 2 and says why: ${what}`, async () => {
    await assert.rejects(startCallServer(env), (error: unknown) => {
      assert.ok(error instanceof ServerExitedEarly, String(error));
      assert.equal(error.code, 2, error.stderr);
      assert.match(error.stderr, message);
      return true;
    });
  });
}
