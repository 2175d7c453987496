import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

/**
 * The CLI's types for the API (cli/api-schema.ts) are what openapi-typescript generates from the
 * built server's /openapi.json (SPEC §13): a route or schema changed without regenerating them
 * fails here, naming the command that brings them up to date.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'api-types.mjs');
const CHECKED_IN = join(ROOT, 'cli', 'api-schema.ts');

function check(file?: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, '--check', ...(file ? [file] : [])], { cwd: ROOT, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
    });
  });
}

test('the checked-in cli/api-schema.ts is what the served /openapi.json generates', async () => {
  const { code, stderr } = await check();
  assert.equal(code, 0, stderr);
});

test('a file that differs from the document is named as stale, with the line and the command to run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-api-types-'));
  try {
    const stale = join(dir, 'api-schema.ts');
    writeFileSync(stale, readFileSync(CHECKED_IN, 'utf8').replace('status: "waiting" | "matched" | "cancelled";', 'status: "waiting" | "matched";'));
    const { code, stderr } = await check(stale);
    assert.equal(code, 1);
    assert.match(stderr, /first difference at line \d+/);
    assert.match(stderr, /generated: +status: "waiting" \| "matched" \| "cancelled";/);
    assert.match(stderr, /npm run api-types/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
