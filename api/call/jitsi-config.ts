import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../config/config.js';

/**
 * The Jitsi deployment the call page embeds (SPEC §5): public meet.jit.si without tokens,
 * a self-hosted Jitsi with HS256 token auth, or JaaS (8x8.vc) with RS256 tokens.
 */
export type JitsiConfig =
  | { mode: 'public'; domain: string }
  | { mode: 'self-hosted'; domain: string; appId: string; appSecret: string }
  | { mode: 'jaas'; domain: '8x8.vc'; appId: string; keyId: string; privateKey: KeyObject };

export const PUBLIC_JITSI: JitsiConfig = { mode: 'public', domain: 'meet.jit.si' };

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;
const MIN_SECRET_LENGTH = 32;

function readJaasKey(path: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`COWORK_JAAS_PRIVATE_KEY names ${path}, which cannot be read: ${(error as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(`COWORK_JAAS_PRIVATE_KEY (${path}) is not a PEM private key; download the key pair's private key from the JaaS console.`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(`COWORK_JAAS_PRIVATE_KEY (${path}) holds a ${key.asymmetricKeyType ?? 'non-RSA'} key; JaaS signs with RS256, so it must be an RSA key.`);
  }
  return key;
}

function loadJaas(env: NodeJS.ProcessEnv): JitsiConfig {
  const appId = env.COWORK_JAAS_APP_ID;
  const keyId = env.COWORK_JAAS_KEY_ID;
  const keyPath = env.COWORK_JAAS_PRIVATE_KEY;
  const missing = [['COWORK_JAAS_APP_ID', appId], ['COWORK_JAAS_KEY_ID', keyId], ['COWORK_JAAS_PRIVATE_KEY', keyPath]].filter(([, value]) => !value).map(([name]) => name);
  if (missing.length) throw new ConfigError(`JaaS needs COWORK_JAAS_APP_ID, COWORK_JAAS_KEY_ID and COWORK_JAAS_PRIVATE_KEY; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing.`);
  if (env.COWORK_JITSI_DOMAIN || env.COWORK_JITSI_APP_ID || env.COWORK_JITSI_APP_SECRET) {
    throw new ConfigError('Both COWORK_JAAS_* and COWORK_JITSI_* are set; configure either JaaS or your own Jitsi, not both.');
  }
  if (!/^[\w-]+$/.test(appId!)) throw new ConfigError(`COWORK_JAAS_APP_ID must look like vpaas-magic-cookie-…, not "${appId}".`);
  return { mode: 'jaas', domain: '8x8.vc', appId: appId!, keyId: keyId!, privateKey: readJaasKey(keyPath!) };
}

/** Reads the deployment from the environment; anything that could not work is a ConfigError. */
export function loadJitsiConfig(env: NodeJS.ProcessEnv): JitsiConfig {
  if (env.COWORK_JAAS_APP_ID || env.COWORK_JAAS_KEY_ID || env.COWORK_JAAS_PRIVATE_KEY) return loadJaas(env);
  const domain = env.COWORK_JITSI_DOMAIN || PUBLIC_JITSI.domain;
  if (!HOSTNAME.test(domain)) throw new ConfigError(`COWORK_JITSI_DOMAIN must be a host name such as meet.example.org (no https://, no path), not "${domain}".`);
  const { COWORK_JITSI_APP_ID: appId, COWORK_JITSI_APP_SECRET: appSecret } = env;
  if (!appId && !appSecret) return { mode: 'public', domain };
  if (!appId || !appSecret) {
    throw new ConfigError(`Token auth needs both COWORK_JITSI_APP_ID and COWORK_JITSI_APP_SECRET (the app_id and app_secret of your Jitsi's prosody); ${appId ? 'COWORK_JITSI_APP_SECRET' : 'COWORK_JITSI_APP_ID'} is missing.`);
  }
  if (appSecret.length < MIN_SECRET_LENGTH) throw new ConfigError(`COWORK_JITSI_APP_SECRET must be at least ${MIN_SECRET_LENGTH} characters (HS256 wants a 256-bit key).`);
  return { mode: 'self-hosted', domain, appId, appSecret };
}

/** Where the IFrame API script lives; JaaS serves it per tenant. */
export function jitsiScriptUrl(config: JitsiConfig): string {
  return config.mode === 'jaas' ? `https://8x8.vc/${config.appId}/external_api.js` : `https://${config.domain}/external_api.js`;
}

/** The room name the IFrame API is given; JaaS rooms live under the tenant. */
export function jitsiRoomName(config: JitsiConfig, room: string): string {
  return config.mode === 'jaas' ? `${config.appId}/${room}` : room;
}

/** What `cowork serve` says at start-up about the deployment, and a warning where it will disappoint. */
export function describeJitsi(config: JitsiConfig): { info: string; warning: string | null } {
  switch (config.mode) {
    case 'jaas':
      return { info: `Jitsi: JaaS (8x8.vc) for app ${config.appId}, RS256 tokens signed with key ${config.keyId}`, warning: null };
    case 'self-hosted':
      return { info: `Jitsi: self-hosted ${config.domain} with HS256 tokens for app ${config.appId}`, warning: null };
    case 'public':
      return {
        info: `Jitsi: public mode on ${config.domain}, no tokens`,
        warning: config.domain === PUBLIC_JITSI.domain
          ? 'meet.jit.si cuts embedded calls after 5 minutes and needs a logged-in moderator to open a room; for real use set COWORK_JITSI_DOMAIN/APP_ID/APP_SECRET (self-hosted) or COWORK_JAAS_* (8x8.vc).'
          : null,
      };
  }
}
