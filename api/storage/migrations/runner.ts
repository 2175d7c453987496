import type { Work } from '../engine/write-batch.js';
import * as v01 from './v01.js';
import * as v02 from './v02.js';
import * as v03 from './v03.js';
import * as v04 from './v04.js';
import * as v05 from './v05.js';
import * as v06 from './v06.js';
import * as v07 from './v07.js';
import * as v08 from './v08.js';
import * as v09 from './v09.js';
import * as v11 from './v11.js';
import * as v12 from './v12.js';
import * as v13 from './v13.js';
import * as v14 from './v14.js';
import * as v15 from './v15.js';
import * as v16 from './v16.js';
import * as v17 from './v17.js';
import * as v18 from './v18.js';
import * as v19 from './v19.js';
import * as v20 from './v20.js';

/**
 * Versioned schema changes, applied in order at start-up. Each runs inside the same immediate
 * transaction that records it, so two processes starting at once apply it exactly once.
 * Append new versions; never edit one that has shipped.
 */
const MIGRATIONS: { version: number; statements: string[] }[] = [v01, v02, v03, v04, v05, v06, v07, v08, v09, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20];

/** Every version this build knows, in the order they apply: ascending, so a file upgrades the same way whichever work landed first. */
export const SCHEMA_VERSIONS = MIGRATIONS.map((migration) => migration.version);

/** Brings the schema up to this build's last version; engine/database.ts runs it as it opens, with its write transactions. */
export async function migrate(db: { write(work: Work<void>): Promise<void> }): Promise<void> {
  await db.write(async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set((await tx.all('SELECT version FROM schema_migrations')).map((row) => Number(row.version)));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [migration.version, Date.now()]);
    }
  });
}
