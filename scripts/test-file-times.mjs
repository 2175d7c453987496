/**
 * A node:test reporter that writes, once the run ends, one JSON object: for each test file, the
 * milliseconds its tests took (timed inside the process that ran it, so files running side by side
 * do not blur each other's times) and how many of them failed. A batch (scripts/run-tests.mjs)
 * runs each file as a top-level suite named by the file's path. scripts/run-tests.mjs reads
 * it to name the slowest files and to start the longest ones first next time.
 */
export default async function* fileTimes(source) {
  const files = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, name, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    const entry = (files[name.endsWith('.test.ts') ? name : file] ??= { ms: 0, failed: 0 });
    entry.ms += details?.duration_ms ?? 0;
    if (event.type === 'test:fail') entry.failed += 1;
  }
  yield `${JSON.stringify(files)}\n`;
}
