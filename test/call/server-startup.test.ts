import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../../api/config.js';
import { startCallServer } from './helpers/call-server.js';

const dir = mkdtempSync(join(tmpdir(), 'cowork-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function startupLog(env: Record<string, string>): Promise<string> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    const server = await startCallServer(env);
    await server.close();
  } finally {
    console.error = original;
  }
  return lines.join('\n');
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
  test(`a bad configuration stops start-up: ${what}`, async () => {
    await assert.rejects(startCallServer(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
  });
}
