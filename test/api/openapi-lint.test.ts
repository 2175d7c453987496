import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * SPEC §13: the document the built server serves passes `@redocly/cli lint` (recommended rules,
 * redocly.yaml) and `spectral lint` (spectral:oas, .spectral.yaml) with no error. Both run
 * offline from node_modules/.bin, their telemetry and update checks off.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const OFFLINE = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' };

/** Runs a linter to its end; a lint failure exits non-zero but still prints its JSON report. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, env: OFFLINE, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (stdout.trim().startsWith('{') || stdout.trim().startsWith('[')) resolve(stdout);
      else reject(new Error(`${command} printed no report (${error?.message ?? 'no error'}):\n${stderr}`));
    });
  });
}

let server: ServerProcess;
let dir: string;
let documentPath: string;
before(async () => {
  server = await startServerProcess({ env: { COWORK_PUBLIC_URL: 'https://cowork.example.org' } });
  dir = mkdtempSync(join(tmpdir(), 'cowork-lint-'));
  documentPath = join(dir, 'openapi.json');
  writeFileSync(documentPath, await (await fetch(`${server.url}/openapi.json`)).text());
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the served document names the public URL as its server', async () => {
  const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { servers: { url: string }[] };
  assert.deepEqual(document.servers.map((s) => s.url), ['https://cowork.example.org']);
});

test('redocly lint (recommended) finds no error in the served document', async () => {
  const report = JSON.parse(await run(bin('redocly'), ['lint', documentPath, '--config', join(ROOT, 'redocly.yaml'), '--format=json'])) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
  };
  const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  assert.deepEqual(errors, []);
  assert.equal(report.totals.errors, 0);
});

test('spectral lint (spectral:oas) finds no error in the served document', async () => {
  const results = JSON.parse(await run(bin('spectral'), ['lint', documentPath, '--ruleset', join(ROOT, '.spectral.yaml'), '--format', 'json', '--quiet'])) as {
    code: string; severity: number; message: string; path: string[];
  }[];
  // Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
  const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
  assert.deepEqual(errors, []);
});
