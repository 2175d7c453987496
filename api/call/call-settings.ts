import { ConfigError } from '../config/config.js';
import type { Database } from '../storage/engine/database.js';
import { loadOrCreateCallSecret } from '../storage/calls.js';
import { PUBLIC_JITSI, type JitsiConfig } from './jitsi-config.js';

/** What the call routes need beyond the database: the Jitsi deployment and the secret that signs call links. */
export interface CallSettings {
  jitsi: JitsiConfig;
  /** From COWORK_CALL_SECRET, or generated once and kept in the database so every API process agrees. */
  secret: string;
}

const MIN_SECRET_LENGTH = 32;

export async function resolveCallSettings(jitsi: JitsiConfig, env: NodeJS.ProcessEnv, db: Database): Promise<CallSettings> {
  const fromEnv = env.COWORK_CALL_SECRET;
  if (fromEnv !== undefined && fromEnv.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`COWORK_CALL_SECRET must be at least ${MIN_SECRET_LENGTH} characters; leave it unset to keep a generated one in the database.`);
  }
  return { jitsi, secret: fromEnv ?? (await loadOrCreateCallSecret(db)) };
}

/** The settings `startServer` resolved, or for an app built without them, public Jitsi and the database's secret. */
export async function callSettingsOf(deps: { call?: CallSettings; db: Database }): Promise<CallSettings> {
  return deps.call ?? { jitsi: PUBLIC_JITSI, secret: await loadOrCreateCallSecret(deps.db) };
}
