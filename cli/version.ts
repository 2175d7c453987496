import { readFileSync } from 'node:fs';

/**
 * The package version, read from package.json next to the sources (cli/) or the build (dist/cli/),
 * without loading anything else, so `cowork --version` starts as fast as node itself.
 */
export function packageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cowork' && pkg.version) return pkg.version;
    } catch {
      // not at this level; try the next one up
    }
  }
  return 'unknown';
}
