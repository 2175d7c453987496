import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The call page's files: HTML and CSS straight from `call-page/`, JavaScript compiled from it
 * into `dist/call-page/`. The same lookup works from `api/` under tsx and from `dist/api/`.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cowork: cannot find package.json above the call page module');
    dir = parent;
  }
  return dir;
}

const root = packageRoot();
const SOURCE_DIR = join(root, 'call-page');
const COMPILED_DIR = join(root, 'dist', 'call-page');

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8' };
const ASSET_NAME = /^[a-z0-9-]+\.(js|css)$/;

export interface Asset {
  body: Buffer;
  contentType: string;
}

// Files never change while a server runs, so each is read once.
const cache = new Map<string, Promise<Asset | null>>();

function load(path: string, kind: string): Promise<Asset | null> {
  let asset = cache.get(path);
  if (!asset) {
    asset = readFile(path).then((body) => ({ body, contentType: TYPES[kind]! }), () => null);
    cache.set(path, asset);
  }
  return asset;
}

export const callPageHtml = (): Promise<Asset | null> => load(join(SOURCE_DIR, 'index.html'), 'html');

/** A script or stylesheet of the page by file name, or null for anything else. */
export function callPageAsset(name: string): Promise<Asset | null> {
  const kind = ASSET_NAME.exec(name)?.[1];
  if (!kind) return Promise.resolve(null);
  return load(join(kind === 'js' ? COMPILED_DIR : SOURCE_DIR, name), kind);
}
