import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COWORK_BIN } from '../helpers/server-process.js';
import { runCowork } from './run-cowork.js';

/**
 * The CLI runs from an esbuild bundle (scripts/build-cli.mjs, `npm run build` first). These check
 * what the bundle must keep: the server's code, which hashes a scrypt decoy at import, only behind
 * `cowork serve`; readable --debug traces; open's own xdg-open next to the code that looks for it.
 */
const outdir = fileURLToPath(new URL('../../dist/cli/', import.meta.url));

interface Output {
  imports: { path: string; kind: string }[];
  inputs: Record<string, unknown>;
}
const meta = JSON.parse(readFileSync(join(outdir, 'meta.json'), 'utf8')) as { outputs: Record<string, Output> };
const chunks = new Map(Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js')).map(([path, output]) => [basename(path), output]));
const chunkOf = (source: string) => [...chunks].find(([, output]) => source in output.inputs)?.[0];

/** Every chunk `from` can load, statically or through import(), without passing through the chunks of `stop`. */
function reachable(from: string, ...stop: (string | undefined)[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || stop.includes(name)) return;
    seen.add(name);
    for (const { path } of chunks.get(name)?.imports ?? []) if (path.startsWith('dist/cli/')) visit(basename(path));
  };
  visit(from);
  return seen;
}

const mentionsScrypt = (name: string) => readFileSync(join(outdir, name), 'utf8').includes('scrypt');
// api/domain/ is pure rules (no SQL, no HTTP, no secrets) that the CLI may share with the server,
// such as the webhook event names; everything else under api/ is the server's.
const isServerSource = (source: string) => source.startsWith('api/') && !source.startsWith('api/domain/');
const holdsServerCode = (name: string) => Object.keys(chunks.get(name)!.inputs).some(isServerSource);

describe('the CLI bundle', () => {
  const serveChunk = chunkOf('cli/commands/serve.ts');

  test('the server code is reached only through the serve command, and the operator\'s admin commands reach its database alone', () => {
    assert.ok(serveChunk, 'cli/commands/serve.ts is in a chunk of its own');
    const behindServe = [...reachable(serveChunk)].filter((name) => name !== serveChunk);
    assert.ok(behindServe.some(mentionsScrypt), 'the serve command does load the scrypt hashing');
    const withoutServe = [...reachable('main.js', serveChunk)];
    assert.ok(withoutServe.length > 10, 'main.js reaches the other commands');
    assert.deepEqual(withoutServe.filter(mentionsScrypt), [], 'no scrypt decoy outside serve');
    const grantsChunk = chunkOf('cli/commands/admin-grants.ts');
    assert.ok(grantsChunk && grantsChunk !== 'main.js', 'the admin grant commands are loaded lazily');
    const mcpChunk = chunkOf('cli/commands/mcp.ts');
    assert.deepEqual([...reachable('main.js', serveChunk, grantsChunk, mcpChunk)].filter(holdsServerCode), [], 'only serve, the grant commands and mcp reach api/');
    const serverSources = [...reachable(grantsChunk, serveChunk)].flatMap((name) => Object.keys(chunks.get(name)!.inputs)).filter((source) => source.startsWith('api/'));
    assert.ok(serverSources.includes('api/storage/engine/database.ts'), 'the grant commands open the database as serve does');
    assert.deepEqual(serverSources.filter((source) => !source.startsWith('api/storage/') && !['api/config/config.ts', 'api/config/config-error.ts', 'api/config/community.ts', 'api/config/limits.ts', 'api/config/mail-settings.ts', 'api/http/problems.ts'].includes(source)), [],
      'the grant commands reach the storage engine and the --db settings, no routes and no secrets');
  });

  test('cowork mcp loads the MCP SDK and the API\'s request schemas only when it runs: no storage, no secrets', () => {
    const mcpChunk = chunkOf('cli/commands/mcp.ts');
    assert.ok(mcpChunk && mcpChunk !== 'main.js', 'the mcp command is loaded lazily');
    // By its end: in a worktree whose node_modules is a link, the path runs through the link's target.
    const sdkChunk = [...chunks].find(([, output]) => Object.keys(output.inputs).some((source) => source.endsWith('node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js')))?.[0];
    assert.ok(sdkChunk, 'the SDK is bundled');
    assert.ok(![...reachable('main.js', serveChunk, mcpChunk)].includes(sdkChunk), 'no other command loads the SDK');
    const apiSources = [...reachable(mcpChunk, serveChunk)].flatMap((name) => Object.keys(chunks.get(name)!.inputs)).filter((source) => source.startsWith('api/'));
    assert.ok(apiSources.includes('api/routes/session-inputs.ts'), 'the book tool takes the API\'s booking schema');
    const requestShapes = (source: string) => /^api\/(schemas|domain)\//.test(source) || ['api/routes/session-inputs.ts', 'api/http/validation.ts', 'api/http/problems.ts'].includes(source);
    assert.deepEqual(apiSources.filter((source) => !requestShapes(source)), []);
  });

  test('the launcher and every chunk, the server\'s too, are CommonJS: no command starts the ESM loader', () => {
    assert.deepEqual([...reachable('main.js')].filter((name) => !name.endsWith('.js')), [], 'a top-level await in the server\'s code would make its chunks ESM (.mjs)');
    // Node's ESM loader links every module it loads through a ModuleJob: none may have been loaded.
    const report = join(mkdtempSync(join(tmpdir(), 'cowork-bundle-')), 'report.cjs');
    writeFileSync(report, "process.on('exit', () => process.stderr.write(process.moduleLoadList.join('\\n')));");
    const run = spawnSync(process.execPath, ['--require', report, COWORK_BIN, '--help'], { encoding: 'utf8' });
    assert.equal(run.status, 0);
    assert.match(run.stderr, /NativeModule internal\/modules\/cjs\/loader/);
    assert.doesNotMatch(run.stderr, /internal\/modules\/esm\/module_job/);
  });

  test('every command but serve has its own chunk, apart from main.js', () => {
    for (const command of ['list', 'book', 'next', 'login', 'signup', 'whoami']) {
      const chunk = chunkOf(`cli/commands/${command}.ts`);
      assert.ok(chunk && chunk !== 'main.js', `${command} is loaded lazily`);
    }
  });

  test("open's xdg-open fallback sits executable next to the chunk holding open", () => {
    const chunk = chunkOf('node_modules/open/index.js');
    assert.ok(chunk, 'open is bundled');
    accessSync(join(outdir, 'xdg-open'), constants.X_OK);
  });

  test('cowork --debug on an unexpected error prints a trace into the TypeScript sources', async () => {
    // A file where the config folder should be: reading the config fails with ENOTDIR, a bug-like error.
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'cowork-bundle-')), 'file');
    writeFileSync(notAFolder, '');
    const env = { XDG_CONFIG_HOME: notAFolder, COWORK_TOKEN: 'cwk_x' };
    const debug = await runCowork(undefined, ['list', '--debug'], { env });
    assert.equal(debug.code, 1);
    assert.match(debug.stderr, /unexpected error: ENOTDIR/);
    assert.match(debug.stderr, /at readConfig \(.*[\\/]cli[\\/]config\.ts:\d+:\d+\)/);
    assert.doesNotMatch(debug.stderr, /dist[\\/]cli[\\/]/);

    const plain = await runCowork(undefined, ['list'], { env });
    assert.equal(plain.code, 1);
    assert.doesNotMatch(plain.stderr, /\n\s+at /, 'no trace without --debug');
  });
});
