import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { COWORK_BIN } from '../helpers/server-process.js';

/** Starts `cowork serve`, sends SIGTERM the moment its "listening" line is read, and says how it ended. */
async function signalledAtListening(dbPath: string): Promise<string> {
  const child = spawn(process.execPath, [COWORK_BIN, 'serve', '--port', '0', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (chunk.includes('cowork listening on')) child.kill('SIGTERM');
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...exit) => resolve(exit)));
  return code === 0 && /SIGTERM, finishing open requests/.test(stderr) ? 'drained' : `code ${code}, signal ${signal}: ${stderr.slice(-200)}`;
}

// Scripts and supervisors wait for the line and may signal at once: the signal must already be caught.
test('a SIGTERM sent the moment "cowork listening" is read drains and exits 0 (twelve starts, four at a time)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-sigterm-at-listening-'));
  try {
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      outcomes.push(...(await Promise.all([0, 1, 2, 3].map((i) => signalledAtListening(join(dir, `${round}-${i}.db`))))));
    }
    assert.deepEqual(outcomes.filter((outcome) => outcome !== 'drained'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
