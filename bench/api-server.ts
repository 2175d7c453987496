import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './children.js';

const launcher = fileURLToPath(new URL('../bin/cowork', import.meta.url));

/** How the server is started, for the report. */
export function serverCommand(): string {
  return 'bin/cowork serve --port 0 --db <file>';
}

/** The built API server (`cowork serve`, from dist/), in its own process, on an embedded database file. */
export function startApiServer(dbFile: string, extraEnv: Record<string, string> = {}): Promise<Child> {
  const env = { ...process.env };
  for (const name of ['COWORK_DB_URL', 'COWORK_DB_AUTH_TOKEN', 'COWORK_NOW', 'COWORK_PUBLIC_URL', 'PORT', 'HOST', 'DEBUG']) delete env[name];
  return startChild(launcher, ['serve', '--port', '0', '--host', '127.0.0.1', '--db', dbFile], { ...env, ...extraEnv });
}
