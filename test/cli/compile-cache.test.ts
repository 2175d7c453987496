import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * The bundle's chunks load through V8's code cache (cli/compile-cache.ts), kept in the user's
 * cache folder. A cache only saves compile time: answers are the same with or without it, and a
 * cache V8 refuses, or one written for another build, is replaced rather than trusted.
 */
let server: ServerProcess;
let ada: CoworkEnv;

before(async () => {
  server = await startServerProcess();
  ada = await signedUpPerson(server.url, 'Ada');
  assert.equal((await runCowork(ada, ['book', '50m', 'tomorrow 9:00'])).code, 0);
});
after(() => server.stop());

const listJson = (cacheHome: string, env: Record<string, string> = {}, args: string[] = []) =>
  runCowork(ada, ['list', '--json', ...args], { env: { XDG_CACHE_HOME: cacheHome, ...env } });

/** Every cache file written under the cache home, by name, with its bytes. */
function caches(cacheHome: string): Map<string, Buffer> {
  const root = join(cacheHome, 'cowork');
  if (!existsSync(root)) return new Map();
  return new Map(readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((name) => [join(root, dir, name), readFileSync(join(root, dir, name))] as const)));
}

describe('the compile cache', () => {
  test('a run writes the cache of the chunks it loaded; the next run uses it and answers the same', async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'cowork-cache-'));
    const first = await listJson(cacheHome);
    assert.equal(first.code, 0, first.stderr);
    const written = caches(cacheHome);
    assert.ok([...written.keys()].some((file) => /[\\/]list-\w+\.js$/.test(file)), 'the list command\'s chunk is cached');
    const writtenAt = new Map([...written.keys()].map((file) => [file, statSync(file).mtimeMs]));

    const second = await listJson(cacheHome);
    assert.deepEqual([second.code, second.stdout], [0, first.stdout]);
    // V8 accepted every cache: none was written again.
    for (const [file, mtime] of writtenAt) assert.equal(statSync(file).mtimeMs, mtime, file);
  });

  test('a damaged cache, or one written for another build, is replaced and changes no answer', async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'cowork-cache-'));
    const expected = await listJson(cacheHome);
    const files = [...caches(cacheHome).keys()];
    const [damaged, foreign] = files;
    const key = (file: string) => readFileSync(file).subarray(0, readFileSync(file).indexOf(0) + 1);
    writeFileSync(damaged!, Buffer.concat([key(damaged!), Buffer.from('not V8 code at all')]));
    writeFileSync(foreign!, Buffer.concat([Buffer.from('/elsewhere/chunk.js:1:1\0'), readFileSync(foreign!).subarray(key(foreign!).length)]));

    const result = await listJson(cacheHome);
    assert.deepEqual([result.code, result.stdout], [0, expected.stdout]);
    const rewritten = caches(cacheHome);
    assert.ok(!rewritten.get(damaged!)!.toString('latin1').endsWith('not V8 code at all'), 'the damaged cache was replaced');
    assert.ok(!rewritten.get(foreign!)!.toString('latin1').startsWith('/elsewhere/'), 'the foreign cache was replaced');
  });

  test('NODE_DISABLE_COMPILE_CACHE and --debug (whose traces need source maps) write no cache', async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'cowork-cache-'));
    assert.equal((await listJson(cacheHome, { NODE_DISABLE_COMPILE_CACHE: '1' })).code, 0);
    assert.equal((await listJson(cacheHome, {}, ['--debug'])).code, 0);
    assert.equal(caches(cacheHome).size, 0);
  });

  test('a run that writes caches removes the stale ones: chunks gone from the bundle, this install under another Node, installs gone; a run that writes none touches nothing', async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'cowork-cache-'));
    assert.equal((await listJson(cacheHome)).code, 0);
    const root = join(cacheHome, 'cowork');
    const [own] = readdirSync(root);
    const ownDir = join(root, own!);
    const bundleDir = resolve('dist', 'cli');
    assert.equal(readFileSync(join(ownDir, 'bundle-dir'), 'utf8'), bundleDir, 'each folder names the bundle it caches');

    const otherInstall = mkdtempSync(join(tmpdir(), 'cowork-other-install-'));
    const folder = (name: string, owner: string | undefined) => {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'chunk-OLD.js'), 'cache');
      if (owner !== undefined) writeFileSync(join(root, name, 'bundle-dir'), owner);
      return name;
    };
    const olderNode = folder(own!.replace(process.version, 'v18.20.4'), bundleDir);
    const goneInstall = folder(`v8-${process.version}-${process.arch}-deadbeef`, join(tmpdir(), 'cowork-uninstalled', 'dist', 'cli'));
    const unnamed = folder(`v8-${process.version}-${process.arch}-0badf00d`, undefined);
    const liveInstall = folder(`v8-${process.version}-${process.arch}-cafebabe`, otherInstall);
    writeFileSync(join(ownDir, 'list-OLDBUILD.js'), 'cache of a chunk an upgrade replaced');
    const everything = () => readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}`)).sort();

    const untouched = everything();
    assert.equal((await listJson(cacheHome)).code, 0);
    assert.deepEqual(everything(), untouched, 'a run that found every cache prunes nothing');

    const listChunk = readdirSync(ownDir).find((name) => /^list-\w+\.js$/.test(name) && name !== 'list-OLDBUILD.js')!;
    rmSync(join(ownDir, listChunk));
    assert.equal((await listJson(cacheHome)).code, 0);
    assert.ok(existsSync(join(ownDir, listChunk)), 'the missing cache is written again');
    assert.ok(!existsSync(join(ownDir, 'list-OLDBUILD.js')), 'the cache of a chunk gone from the bundle is removed');
    assert.deepEqual(readdirSync(root).sort(), [own!, liveInstall].sort(), `${olderNode}, ${goneInstall} and ${unnamed} are removed; another install still on disk keeps its caches`);
    assert.deepEqual(readdirSync(join(root, liveInstall)).sort(), ['bundle-dir', 'chunk-OLD.js']);
  });
});
