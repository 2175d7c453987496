// esbuild plugin: start-up costs of the CLI's dependencies that no CLI command uses, removed at
// bundle time without changing what the libraries do for us. Each rewrite checks that the code it
// expects is still there, so a dependency update fails the build instead of silently not applying.
import { readFile } from 'node:fs/promises';

const LIST_FORMATS = [
  "new Intl.ListFormat('en', { style: 'long', type: 'conjunction' })",
  "new Intl.ListFormat('en', { style: 'long', type: 'disjunction' })",
];

export const leanDependencies = {
  name: 'cowork-lean-dependencies',
  setup(build) {
    // got imports http2-wrapper (and so node:http2) at load; it is used only with got's `http2`
    // option, which the CLI never sets. The stand-in fails loudly if that ever changes.
    build.onResolve({ filter: /^http2-wrapper$/ }, () => ({ path: 'http2-wrapper', namespace: 'cowork-no-http2' }));
    build.onLoad({ filter: /.*/, namespace: 'cowork-no-http2' }, () => ({
      contents: "const missing = () => { throw new Error('HTTP/2 is left out of the cowork CLI bundle (got: http2 option)'); };\n" +
        'export default { get auto() { return missing(); }, get globalAgent() { return missing(); } };\n',
      loader: 'js',
    }));
    // @sindresorhus/is (through got) builds two Intl.ListFormat at import, which loads ICU data
    // (~10 ms) for messages of failed type assertions; build them when such a message is written.
    build.onLoad({ filter: /[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/ }, async ({ path }) => {
      let contents = await readFile(path, 'utf8');
      for (const formatter of LIST_FORMATS) {
        if (!contents.includes(formatter)) throw new Error(`${path}: expected ${formatter}; update scripts/lean-dependencies.mjs`);
        contents = contents.replace(formatter, `{ format: (values) => ${formatter}.format(values) }`);
      }
      return { contents, loader: 'js' };
    });
  },
};
