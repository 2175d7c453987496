import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors.js';

/**
 * Where the CLI keeps its server URL and tokens: `$XDG_CONFIG_HOME/cowork/config.json` (mode 0600).
 * Reading is a plain JSON read so that every command starts fast; writing goes through conf,
 * which is loaded only by the commands that change the file (login, logout, config set).
 * Tokens are kept per server, so pointing at another server never sends it a foreign token.
 */
export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

export interface StoredConfig {
  server?: string;
  tokens?: Record<string, string>;
}

export interface Settings {
  server: string;
  token: string | undefined;
  /** Where the token came from, for messages such as "logged out, but COWORK_TOKEN is still set". */
  tokenSource: 'env' | 'config' | 'none';
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'cowork');
}

export const configPath = (env: NodeJS.ProcessEnv = process.env) => join(configDir(env), 'config.json');

export function readConfig(env: NodeJS.ProcessEnv = process.env): StoredConfig {
  let text: string;
  try {
    text = readFileSync(configPath(env), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    return JSON.parse(text) as StoredConfig;
  } catch {
    throw new UsageError(`The config file ${configPath(env)} is not valid JSON.`, 'Fix or delete it, then log in again.');
  }
}

export function normalizeServer(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a server URL.`, `Write it like ${DEFAULT_SERVER}.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`"${url}" is not an http(s) URL.`, `Write it like ${DEFAULT_SERVER}.`);
  }
  return parsed.href.replace(/\/+$/, '');
}

/** Flags, then COWORK_SERVER / COWORK_TOKEN, then the stored config, then the default. */
export function resolveSettings(flags: { server?: string | undefined }, env: NodeJS.ProcessEnv = process.env): Settings {
  const stored = readConfig(env);
  const server = normalizeServer(flags.server || env.COWORK_SERVER || stored.server || DEFAULT_SERVER);
  if (env.COWORK_TOKEN) return { server, token: env.COWORK_TOKEN, tokenSource: 'env' };
  const token = stored.tokens?.[server];
  return { server, token, tokenSource: token ? 'config' : 'none' };
}

async function openStore(env: NodeJS.ProcessEnv) {
  const { default: Conf } = await import('conf');
  return new Conf<StoredConfig>({ cwd: configDir(env), configName: 'config', projectName: 'cowork', configFileMode: 0o600 });
}

/** Changes the stored config through conf (atomic write, mode 0600). */
export async function updateConfig(change: (config: StoredConfig) => StoredConfig, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const store = await openStore(env);
  store.store = change(store.store);
}

export function saveToken(server: string, token: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return updateConfig((config) => {
    const tokens = { ...config.tokens };
    if (token === undefined) delete tokens[server];
    else tokens[server] = token;
    return { ...config, tokens };
  }, env);
}
