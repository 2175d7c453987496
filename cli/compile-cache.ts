import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

/**
 * V8's code cache for the bundle's chunks: compiling the got and commander chunks is the largest
 * part of a command's start-up, and Node 20 has no compile cache of its own (module.enableCompileCache
 * is Node 22). Each chunk the run loads is compiled from the cache written by an earlier run; when
 * a chunk had none, or V8 refused it (another Node, other flags), its cache is written as the process
 * exits, holding every function the run compiled. A cache is kept per bundle folder and keyed by
 * the chunk's path, size and mtime, so a rebuilt bundle never meets an old cache. NODE_DISABLE_COMPILE_CACHE turns it off,
 * as it does Node 22's.
 */
type Loader = (module: NodeJS.Module, filename: string) => void;
interface Pending { script: Script; file: string; key: string }

const loaders = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

/** FNV-1a: one folder per installed bundle, so that two installs do not overwrite each other's caches. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function cacheDir(bundleDir: string, env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cowork', `v8-${process.version}-${process.arch}-${hashOf(bundleDir)}`);
}

function readCache(file: string, key: string): Buffer | undefined {
  try {
    const data = readFileSync(file);
    const header = data.indexOf(0);
    return header > 0 && data.toString('utf8', 0, header) === key ? data.subarray(header + 1) : undefined;
  } catch {
    return undefined;
  }
}

/** Each cache folder names the bundle folder it caches, so that a later run can tell whether that install is still there. */
const BUNDLE_MARKER = 'bundle-dir';

function ownerOf(folder: string): string | undefined {
  try {
    return readFileSync(join(folder, BUNDLE_MARKER), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Caches are only ever added: a rebuild or an upgrade names its chunks anew, and another Node
 * version or install path gets a folder of its own. So a run that writes caches (the first run
 * after such a change, never one that found every cache) also removes, in its folder, the caches
 * of chunks no longer in the bundle and, beside it, the folders of this install under another Node
 * or architecture, of installs whose bundle folder is gone, and of those that name none (made
 * before folders named their bundle). Another install still on disk keeps its folder.
 */
function pruneStale(dir: string, bundleDir: string): void {
  const chunks = new Set(readdirSync(bundleDir));
  // Only caches: a `.<pid>` file is another run's cache being written.
  for (const name of readdirSync(dir)) if (name.endsWith('.js') && !chunks.has(name)) rmSync(join(dir, name), { force: true });
  const root = dirname(dir);
  for (const sibling of readdirSync(root)) {
    const folder = join(root, sibling);
    if (folder === dir || !sibling.startsWith('v8-')) continue;
    const owner = ownerOf(folder);
    if (owner === undefined || owner === bundleDir || !existsSync(owner)) rmSync(folder, { recursive: true, force: true });
  }
}

function writeCaches(pending: Pending[], dir: string, bundleDir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (ownerOf(dir) !== bundleDir) writeFileSync(join(dir, BUNDLE_MARKER), bundleDir);
    for (const { script, file, key } of pending) {
      // Written aside and renamed, so a command starting meanwhile reads a whole cache or none.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, Buffer.concat([Buffer.from(`${key}\0`), script.createCachedData()]));
      renameSync(partial, file);
    }
    pruneStale(dir, bundleDir);
  } catch {
    // A cache is only a shortcut: a read-only or full disk costs the next run its compile time.
  }
}

/** From now on, chunks of the bundle in `bundleDir` load through the code cache. */
export function enableCompileCache(bundleDir: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_DISABLE_COMPILE_CACHE) return;
  const dir = cacheDir(bundleDir, env);
  const pending: Pending[] = [];
  const loadJs = loaders['.js']!;
  loaders['.js'] = (module, filename) => {
    const source = filename.startsWith(`${bundleDir}${sep}`) ? readFileSync(filename, 'utf8') : undefined;
    // A chunk that calls import() needs Node's loader to resolve it; those are few and small.
    if (source === undefined || source.includes('import(')) return loadJs(module, filename);
    const { size, mtimeMs } = statSync(filename);
    const key = `${filename}:${size}:${mtimeMs}`;
    const file = join(dir, basename(filename));
    const cachedData = readCache(file, key);
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) pending.push({ script, file, key });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dirname(filename));
  };
  process.once('exit', () => {
    if (pending.length) writeCaches(pending, dir, bundleDir);
  });
}
