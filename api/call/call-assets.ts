import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The call page's files: HTML and CSS straight from `call-page/`, JavaScript compiled from it
 * into `dist/call-page/`. The package's root is the first folder above this module that holds
 * `call-page/index.html`: a known file of the package, not the first package.json, since the
 * bundle's own `dist/cli/package.json` stands between `bin/cowork`'s chunks and the root.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'call-page', 'index.html'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cowork: cannot find call-page/index.html above the call page module');
    dir = parent;
  }
  return dir;
}

const root = packageRoot();
const SOURCE_DIR = join(root, 'call-page');
const COMPILED_DIR = join(root, 'dist', 'call-page');

const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8' };

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** A strong validator of the bytes, so a browser revalidates with If-None-Match instead of refetching. */
  etag: string;
}

export interface CallPageAssets {
  /** null when `call-page/index.html` or the compiled `main.js` is missing: the page cannot work. */
  html: Asset | null;
  /** Scripts and stylesheets by file name: every name the page may ask for, and nothing else. */
  files: ReadonlyMap<string, Asset>;
}

async function readAsset(path: string, kind: keyof typeof TYPES): Promise<Asset | null> {
  try {
    const body = new Uint8Array(await readFile(path));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, contentType: TYPES[kind], etag };
  } catch {
    return null;
  }
}

async function namesIn(dir: string, extension: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(extension)).sort();
}

async function loadAll(): Promise<CallPageAssets> {
  const files = new Map<string, Asset>();
  const wanted = [
    ...(await namesIn(COMPILED_DIR, '.js')).map((name) => [join(COMPILED_DIR, name), name, 'js'] as const),
    ...(await namesIn(SOURCE_DIR, '.css')).map((name) => [join(SOURCE_DIR, name), name, 'css'] as const),
  ];
  for (const [path, name, kind] of wanted) {
    const asset = await readAsset(path, kind);
    if (asset) files.set(name, asset);
  }
  const html = files.has('main.js') ? await readAsset(join(SOURCE_DIR, 'index.html'), 'html') : null;
  return { html, files };
}

// Read once per process: the set is fixed before the first request, so no request can add to it.
let loaded: Promise<CallPageAssets> | undefined;

export const callPageAssets = (): Promise<CallPageAssets> => (loaded ??= loadAll());
