// Turns the CLI's split ESM build into CommonJS files, so that a command never starts Node's ESM
// loader: loading it (and each chunk through it: asynchronous reads, URL resolution, module
// linking) cost ~6 ms of CPU for `--version` and ~15 ms for `list --json`, against require().
// esbuild splits only ESM output, hence two passes: split as ESM, then convert each chunk.
// A chunk with top-level await (the server's code behind `cowork serve`) cannot be CommonJS: it
// and every chunk that imports it stay ESM as .mjs files, reached through import(); they import
// the CommonJS chunks they share with the rest, so every module still exists once.
import { basename } from 'node:path';
import { transform } from 'esbuild';

/** The line every ESM chunk starts with (CommonJS dependencies inside call require for built-ins). */
export const ESM_BANNER = "import { createRequire as __coworkRequire } from 'node:module'; const require = __coworkRequire(import.meta.url);";
const IMPORT_META_URL = '__coworkImportMetaUrl';
const TOP_LEVEL_AWAIT = /Top-level await is currently not supported with the "cjs" output format/;

const withInlineMap = (code, map) =>
  `${code.replace(/\/\/# sourceMappingURL=\S+\s*$/, '')}//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`;

async function commonJs(code, map, path) {
  // The banner becomes an empty first line, so the input map's lines still match.
  const body = code.replace(ESM_BANNER, '');
  const input = withInlineMap(body, map);
  try {
    const result = await transform(input, {
      format: 'cjs', platform: 'node', target: 'node20', loader: 'js', sourcefile: basename(path), sourcemap: 'external',
      define: { 'import.meta.url': IMPORT_META_URL },
      banner: body.includes('import.meta') ? `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` : '',
      minifyWhitespace: true, minifySyntax: true, logLevel: 'silent',
    });
    if (result.warnings.length) throw new Error(`${path}: ${result.warnings.map((warning) => warning.text).join('; ')}`);
    return result;
  } catch (error) {
    if (error.errors?.some((problem) => TOP_LEVEL_AWAIT.test(problem.text))) return undefined;
    throw error;
  }
}

/**
 * `files`: path → text of every output (chunks and their .map files); `metafile`: esbuild's.
 * Returns the files to write (CommonJS .js, ESM .mjs, maps) and the metafile renamed to match.
 */
export async function toCommonJs(files, metafile) {
  const chunks = Object.keys(metafile.outputs).filter((path) => path.endsWith('.js'));
  const converted = new Map();
  for (const path of chunks) converted.set(path, await commonJs(files.get(path), files.get(`${path}.map`), path));
  // Whatever imports an ESM chunk statically must wait for its top-level await: ESM too.
  const esm = new Set(chunks.filter((path) => !converted.get(path)));
  for (let grew = true; grew;) {
    grew = false;
    for (const path of chunks) {
      if (esm.has(path)) continue;
      if (metafile.outputs[path].imports.some((edge) => edge.kind === 'import-statement' && esm.has(edge.path))) {
        esm.add(path);
        grew = true;
      }
    }
  }
  const rename = (path) => (esm.has(path) ? path.replace(/\.js$/, '.mjs') : path);
  const result = new Map();
  for (const path of chunks) {
    let code = files.get(path);
    // Specifiers of ESM chunks take their new name; import() of a CommonJS chunk becomes require.
    for (const edge of metafile.outputs[path].imports.filter((edge) => chunks.includes(edge.path))) {
      const specifier = `"./${basename(edge.path)}"`;
      if (esm.has(edge.path)) code = code.replaceAll(specifier, `"./${basename(rename(edge.path))}"`);
      else if (!esm.has(path) && edge.kind === 'dynamic-import') code = code.replaceAll(`import(${specifier})`, `Promise.resolve().then(()=>require(${specifier}))`);
    }
    if (esm.has(path)) {
      const name = basename(rename(path));
      result.set(rename(path), code.replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${name}.map\n`));
      result.set(`${rename(path)}.map`, JSON.stringify({ ...JSON.parse(files.get(`${path}.map`)), file: name }));
      continue;
    }
    const output = await commonJs(code, files.get(`${path}.map`), path);
    result.set(path, `${output.code}//# sourceMappingURL=${basename(path)}.map\n`);
    result.set(`${path}.map`, output.map);
  }
  const outputs = Object.fromEntries(Object.entries(metafile.outputs).map(([path, output]) => [
    path.endsWith('.js.map') ? `${rename(path.slice(0, -4))}.map` : rename(path),
    { ...output, imports: output.imports.map((edge) => ({ ...edge, path: rename(edge.path) })) },
  ]));
  return { files: result, metafile: { ...metafile, outputs } };
}
