import { pathToFileURL } from 'node:url';
import { Database } from '../../../api/storage/engine/database.js';
import { startServerProcess } from '../../helpers/server-process.js';

/**
 * The built `bin/cowork serve` (`npm run build` first) on port 0 with its own database file,
 * configured through the environment as a person configures it: the call page it serves is the
 * one people get, found and read by the bundle, not by the TypeScript sources.
 */
export interface CallServer {
  url: string;
  dbPath: string;
  /** A second connection to the server's database, as another API process would have. */
  db: Database;
  /** What the server wrote to stderr so far (its start-up lines and log). */
  stderr(): string;
  close(): Promise<void>;
}

/** With `dbPath`, the server reuses that database (a restart with another clock) and leaves it in place. */
export async function startCallServer(env: Record<string, string>, dbPath?: string): Promise<CallServer> {
  const server = await startServerProcess({ env, ...(dbPath ? { dbPath } : {}) });
  const db = await Database.open({ url: pathToFileURL(server.dbPath).href });
  return {
    url: server.url,
    dbPath: server.dbPath,
    db,
    stderr: server.stderr,
    close: async () => {
      db.close();
      await server.stop();
    },
  };
}
