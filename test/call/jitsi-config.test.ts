import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { describeJitsi, jitsiRoomName, jitsiScriptUrl, loadJitsiConfig } from '../../api/call/jitsi-config.js';
import { ConfigError } from '../../api/config/config.js';

const dir = mkdtempSync(join(tmpdir(), 'cowork-jitsi-config-'));
const rsaPem = join(dir, 'rsa.pem');
writeFileSync(rsaPem, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
const ecPem = join(dir, 'ec.pem');
writeFileSync(ecPem, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');
const jaas = { COWORK_JAAS_APP_ID: 'vpaas-magic-cookie-1', COWORK_JAAS_KEY_ID: 'k1', COWORK_JAAS_PRIVATE_KEY: rsaPem };
const secret = 'z'.repeat(32);

describe('loadJitsiConfig', () => {
  test('with nothing set, public meet.jit.si, and start-up warns about its 5-minute limit', () => {
    const config = loadJitsiConfig({});
    assert.deepEqual(config, { mode: 'public', domain: 'meet.jit.si' });
    assert.equal(jitsiScriptUrl(config), 'https://meet.jit.si/external_api.js');
    assert.match(describeJitsi(config).warning ?? '', /5 minutes.*moderator/);
  });

  test('a domain with app id and secret is self-hosted token auth', () => {
    const config = loadJitsiConfig({ COWORK_JITSI_DOMAIN: 'meet.example.org', COWORK_JITSI_APP_ID: 'cowork', COWORK_JITSI_APP_SECRET: secret });
    assert.deepEqual(config, { mode: 'self-hosted', domain: 'meet.example.org', appId: 'cowork', appSecret: secret });
    assert.equal(jitsiRoomName(config, 'cowork1'), 'cowork1');
    assert.match(describeJitsi(config).info, /self-hosted meet\.example\.org with HS256/);
    assert.equal(describeJitsi(config).warning, null);
  });

  test('JaaS reads the RSA key and puts rooms and the script under the tenant', () => {
    const config = loadJitsiConfig(jaas);
    assert.equal(config.mode, 'jaas');
    assert.equal(config.domain, '8x8.vc');
    assert.equal(jitsiScriptUrl(config), 'https://8x8.vc/vpaas-magic-cookie-1/external_api.js');
    assert.equal(jitsiRoomName(config, 'cowork1'), 'vpaas-magic-cookie-1/cowork1');
  });

  const refusals: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['a URL as domain', { COWORK_JITSI_DOMAIN: 'https://meet.example.org/' }, /host name/],
    ['an app id without secret', { COWORK_JITSI_DOMAIN: 'meet.example.org', COWORK_JITSI_APP_ID: 'cowork' }, /COWORK_JITSI_APP_SECRET is missing/],
    ['a secret without app id', { COWORK_JITSI_APP_SECRET: secret }, /COWORK_JITSI_APP_ID is missing/],
    ['a short secret', { COWORK_JITSI_APP_ID: 'cowork', COWORK_JITSI_APP_SECRET: 'short' }, /at least 32/],
    ['JaaS without key id', { ...jaas, COWORK_JAAS_KEY_ID: '' }, /COWORK_JAAS_KEY_ID is missing/],
    ['a missing key file', { ...jaas, COWORK_JAAS_PRIVATE_KEY: join(dir, 'nope.pem') }, /cannot be read/],
    ['a file that is not a key', { ...jaas, COWORK_JAAS_PRIVATE_KEY: notPem }, /not a PEM private key/],
    ['a non-RSA key', { ...jaas, COWORK_JAAS_PRIVATE_KEY: ecPem }, /must be an RSA key/],
    ['both JaaS and self-hosted', { ...jaas, COWORK_JITSI_DOMAIN: 'meet.example.org' }, /not both/],
  ];
  for (const [what, env, message] of refusals) {
    test(`refuses ${what} with a ConfigError`, () => {
      assert.throws(() => loadJitsiConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }
});
