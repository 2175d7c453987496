import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './children.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const launcher = `${root}bin/cowork`;

/** How the server is started, for the report: the real launcher once it exists. */
export function serverCommand(): string {
  return existsSync(launcher) ? 'bin/cowork serve --port 0 --db <file>' : 'node bench/serve-compiled.mjs <file> (dist/api/server.js; bin/cowork was missing)';
}

/** The compiled API server (dist/), in its own process, on an embedded database file. */
export function startApiServer(dbFile: string): Promise<Child> {
  const env = { ...process.env };
  for (const name of ['COWORK_DB_URL', 'COWORK_DB_AUTH_TOKEN', 'COWORK_NOW', 'COWORK_PUBLIC_URL', 'PORT', 'HOST']) delete env[name];
  return existsSync(launcher)
    ? startChild(launcher, ['serve', '--port', '0', '--host', '127.0.0.1', '--db', dbFile], env)
    : startChild(process.execPath, [`${root}bench/serve-compiled.mjs`, dbFile], env);
}
