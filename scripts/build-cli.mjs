// Bundles the CLI into dist/cli/: one entry (main.js) plus a chunk per lazily imported command, so a
// command loads one or two files instead of hundreds of small ESM modules. Every JavaScript
// dependency is inside; only native addons stay outside. `cowork serve` reaches the server's code
// (api/, which hashes a scrypt decoy at import) through its own dynamic import, hence its own chunk.
import { chmodSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { leanDependencies } from './lean-dependencies.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/cli`;

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Flat output: chunks sit next to main.js, so code that looks for ../../package.json or its own
  // siblings (open's xdg-open) finds them from any chunk.
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  // libsql loads a prebuilt .node binary at run time; @libsql/client reaches it through libsql.
  external: ['libsql', '@libsql/client'],
  // CommonJS dependencies inside an ESM bundle still call require() for node: built-ins.
  banner: { js: "import { createRequire as __coworkRequire } from 'node:module'; const require = __coworkRequire(import.meta.url);" },
  plugins: [leanDependencies],
  legalComments: 'none',
  // Less to read and parse at start-up; identifiers stay, so --debug traces keep function names.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
});
// open falls back to its own copy of xdg-open, which it looks for next to the module that runs it.
copyFileSync(`${root}node_modules/open/xdg-open`, `${outdir}/xdg-open`);
chmodSync(`${outdir}/xdg-open`, 0o755);
// Which sources went into which chunk, and which chunk imports which: the bundle's tests read it.
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
