import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// A circle of imports, even of types alone, means two files share one idea and neither is its home
// (ARCHITECTURE.md): this reads the import graph of api/ as the compiler sees it and names any circle.

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every .ts file under `dir`, as a path relative to the repository's root with / separators. */
function sourcesUnder(dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/');
    sources.set(path, readFileSync(join(root, path), 'utf8'));
  }
  return sources;
}

/**
 * Who imports whom among `sources`: static imports, `import type`, `export … from`, `import()` and
 * `import('…').Type` all count. Specifiers name the compiled file (`./x.js`); its source is `./x.ts`.
 */
function importGraph(sources: Map<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [path, text] of sources) {
    const imported = ts.preProcessFile(text, true, true).importedFiles
      .map((file) => file.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => posix.join(dirname(path), specifier).replace(/\.js$/, '.ts'))
      .filter((target) => sources.has(target));
    graph.set(path, [...new Set(imported)].sort());
  }
  return graph;
}

/** The knots of the graph: its strongly connected parts of more than one file, or a file importing itself (Tarjan). */
function knots(graph: Map<string, string[]>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const parts: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const part: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      part.push(member);
    } while (member !== node);
    if (part.length > 1 || graph.get(node)!.includes(node)) parts.push(part);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return parts.map((part) => new Set(part));
}

/** One circle per knot, as the files in import order, and the knot's other files. */
function circles(graph: Map<string, string[]>): string[] {
  return knots(graph).map((knot) => {
    const circle = circleThrough(graph, knot);
    const others = [...knot].filter((file) => !circle.includes(file)).sort();
    return circle.join(' → ') + (others.length > 0 ? ` (tied in the same knot: ${others.join(', ')})` : '');
  });
}

/** A shortest path from the part's first file (in name order) back to itself, staying in the part. */
function circleThrough(graph: Map<string, string[]>, part: Set<string>): string[] {
  const start = [...part].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node)!) {
      if (!part.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

describe('the import graph of api/', () => {
  test('has no circle, type imports included', () => {
    const graph = importGraph(sourcesUnder('api'));
    assert.ok(graph.size > 100, `api/ holds its sources (read ${graph.size} files)`);
    const found = circles(graph);
    assert.deepEqual(found, [], `circles of imports in api/:\n${found.join('\n')}`);
  });

  test('is read with type-only imports, re-exports and dynamic imports, and a circle is named file by file', () => {
    const sources = new Map([
      ['api/a.ts', "import type { B } from './b.js';\nexport const a = 1;"],
      ['api/b.ts', "export type { C as B } from './deep/c.js';"],
      ['api/deep/c.ts', "export type C = typeof import('../a.js').a;\nexport const load = () => import('../d.js');"],
      ['api/d.ts', "import { a } from './a.js';\nimport { z } from 'zod';"],
      ['api/e.ts', "import { a } from './a.js';"],
    ]);
    const graph = importGraph(sources);
    assert.deepEqual(graph.get('api/deep/c.ts'), ['api/a.ts', 'api/d.ts']);
    assert.deepEqual(circles(graph), ['api/a.ts → api/b.ts → api/deep/c.ts → api/a.ts (tied in the same knot: api/d.ts)']);
    sources.set('api/b.ts', 'export type B = number;');
    assert.deepEqual(circles(importGraph(sources)), []);
  });
});
