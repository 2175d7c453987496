import { configPath, normalizeServer, resolveSettings, saveToken, updateConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { printLine, say } from '../output.js';

/** `config get|set <key> [value]` for the keys a person may touch: server and token. */
const KEYS = ['server', 'token'] as const;
type Key = (typeof KEYS)[number];

function checkKey(key: string): Key {
  if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`Unknown config key "${key}".`, `Known keys: ${KEYS.join(', ')}.`);
  return key as Key;
}

/** Prints the value in force (flags and environment included), as the commands would use it. */
export async function configGet(keyText: string, options: { server?: string | undefined }): Promise<void> {
  const key = checkKey(keyText);
  const settings = resolveSettings(options);
  const value = key === 'server' ? settings.server : settings.token;
  if (value === undefined) throw new UsageError(`No ${key} is set for ${settings.server}.`, 'Log in with `cowork login`.');
  printLine(value);
}

export async function configSet(keyText: string, value: string | undefined, options: { server?: string | undefined }): Promise<void> {
  const key = checkKey(keyText);
  if (value === undefined || value === '') throw new UsageError(`A value for ${key} is missing.`, `$ cowork config set ${key} <value>`);
  if (key === 'server') {
    const server = normalizeServer(value);
    await updateConfig((config) => ({ ...config, server }));
    say(`Server set to ${server} (in ${configPath()}).`);
    return;
  }
  const { server } = resolveSettings(options);
  await saveToken(server, value);
  say(`Token stored for ${server} (in ${configPath()}).`);
}
