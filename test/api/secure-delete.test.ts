import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Database } from '../../api/storage/engine/database.js';

test('both connections to the file run with secure_delete on, through either driver, so whatever a write deletes is zeroed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-secure-delete-'));
  try {
    for (const driver of ['embedded', 'client'] as const) {
      const db = await Database.open({ url: pathToFileURL(join(dir, `${driver}.db`)).href, driver });
      try {
        assert.equal(Number((await db.get('PRAGMA secure_delete'))?.secure_delete), 1, `${driver} reader`);
        assert.equal(Number((await db.write((tx) => tx.get('PRAGMA secure_delete')))?.secure_delete), 1, `${driver} writer`);
      } finally {
        db.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
