// Bundles the CLI into dist/cli/: one entry (main.js) plus a chunk per lazily imported command, so a
// command loads a few files instead of hundreds of small ESM modules. Every JavaScript
// dependency is inside; only native addons stay outside. `cowork serve` reaches the server's code
// (api/, which hashes a scrypt decoy at import) through its own dynamic import, hence its own chunk.
// The chunks are then made CommonJS (scripts/cli-commonjs.mjs says why).
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ESM_BANNER, toCommonJs } from './cli-commonjs.mjs';
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
  banner: { js: ESM_BANNER },
  plugins: [leanDependencies],
  legalComments: 'none',
  // Less to read and parse at start-up; identifiers stay, so --debug traces keep function names.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
  write: false,
});
const built = new Map(result.outputFiles.map((file) => [relative(root, file.path), file.text]));
const { files, metafile } = await toCommonJs(built, result.metafile);
mkdirSync(outdir, { recursive: true });
for (const [path, text] of files) writeFileSync(`${root}${path}`, text);
// .js files here are CommonJS; the chunks that must stay ESM are .mjs.
writeFileSync(`${outdir}/package.json`, '{ "type": "commonjs" }\n');
// open falls back to its own copy of xdg-open, which it looks for next to the module that runs it.
copyFileSync(`${root}node_modules/open/xdg-open`, `${outdir}/xdg-open`);
chmodSync(`${outdir}/xdg-open`, 0o755);
// Which sources went into which chunk, and which chunk imports which: the bundle's tests read it.
writeFileSync(`${outdir}/meta.json`, JSON.stringify(metafile));
