import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../../../api/server.js';
import { Database } from '../../../api/storage/database.js';

/** A real HTTP server on port 0 with its own database file, configured through the environment as `cowork serve` is. */
export interface CallServer {
  url: string;
  /** A second connection to the server's database, as another API process would have. */
  db: Database;
  close(): Promise<void>;
}

/** With `dbPath`, the server reuses that database (a restart with another clock) and leaves it in place. */
export async function startCallServer(env: Record<string, string>, dbPath?: string): Promise<CallServer & { dbPath: string }> {
  const dir = dbPath ? null : mkdtempSync(join(tmpdir(), 'cowork-call-'));
  dbPath ??= join(dir!, 'cowork.db');
  const server = await startServer({ port: 0, db: dbPath }, { ...process.env, ...env });
  const db = await Database.open({ url: pathToFileURL(dbPath).href });
  return {
    url: server.url,
    dbPath,
    db,
    close: async () => {
      db.close();
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
