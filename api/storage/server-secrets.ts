import { randomBytes } from 'node:crypto';
import type { Database } from './engine/database.js';

/**
 * A secret of the server's, made once and kept in the database (`server_secrets`), so it stays the
 * same across restarts and every process on the same database reads the same one: the first of
 * several racing processes inserts it, and all read what was inserted.
 */
export async function loadOrCreateServerSecret(db: Database, name: string): Promise<string> {
  const existing = await db.get('SELECT value FROM server_secrets WHERE name = ?', [name]);
  if (existing) return String(existing.value);
  return db.write(async (tx) => {
    await tx.run('INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('base64url')]);
    return String((await tx.get('SELECT value FROM server_secrets WHERE name = ?', [name]))!.value);
  });
}
