// Runs the test files (`npm test` does, after typecheck and build) in two groups, one after the
// other: most files side by side, since each waits on its own server process, CLI process or
// Chromium far more than it computes; then the files below, which time something or race
// processes against each other, in lanes. Arguments narrow the run to those files (each still in
// its group); `--concurrency=N` sets how many batches of the first group run at once;
// `--save-times` keeps this run's file times as the baseline a fresh clone starts from.
//
// Files are run in batches: one node process imports several test files, each inside a suite
// named by its path, one file after another. Loading tsx, the app's sources and their packages
// costs a process about 1.5 s of CPU, which, paid once per file, was half of what the suite spent
// on this 2-core machine; a batch pays it once. Each file's hooks stay within its suite.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Files that run apart from the rest, each with why: they hold something to a real-time bound, race
 * server processes or kill one. They run after the side-by-side group, in lanes side by side, each
 * lane one file at a time. The files of `SECOND` hold something to a bound of about a second, so
 * they share one lane and never run beside each other; the files of `WAITS` mostly wait on real
 * time (a job's interval, a deadline, a drip) and use little CPU meanwhile, so they are dealt to
 * the other lanes. A new test goes here only for a reason of the same kind.
 */
const SECOND = {
  'test/api/live-events.test.ts': 'a revoked token\'s stream is timed against a 1 s bound',
  'test/api/live-events-revocation.test.ts': 'a revoked token\'s stream must end within 1 s of the answer',
  'test/api/live-events-processes.test.ts': 'two server processes on one file, one killed with SIGKILL, an event timed against a 1 s bound',
  'test/jobs/webhook-promptness.test.ts': 'two server processes on one file; each delivery timed against a 1 s bound',
  'test/api/database-waits.test.ts': 'times how long requests wait behind another process holding the write lock',
  'test/api/graceful-shutdown.test.ts': 'SIGTERM must land while 40 bookings are in flight',
  'test/call/server-startup.test.ts': 'SIGTERM must arrive while a request is held, within a deadline',
  'test/api/webhook-receiver-host.test.ts': 'times a DNS lookup against its deadline',
  'test/api/wal-checkpoints.test.ts': 'waits for the checkpoint worker to move a commit into the file within a deadline',
  'test/api/wal-restart.test.ts': 'measures WAL file sizes across checkpoints and a restart',
  'test/api/wal-truncation.test.ts': 'measures WAL file sizes across checkpoints',
  'test/api/deletion-leaves-no-bytes.test.ts': 'waits for checkpoints to carry a deletion into the file within a deadline',
};
const WAITS = {
  'test/api/rush-two-processes.test.ts': 'two server processes race a rush of bookings on one file, one killed with SIGKILL mid-rush',
  'test/cli/serve-processes.test.ts': 'serve --processes forks one worker per core and a worker is killed with SIGKILL',
  'test/cli/watch.test.ts': 'a server killed with SIGKILL and restarted on its port while `cowork watch` reconnects',
  'test/mail/stalled-smtp.test.ts': 'a webhook delivery must land within an SMTP send\'s deadline',
  'test/mail/notices.test.ts': 'times a reminder against its due time on a restarted server\'s moved clock',
  'test/jobs/two-processes.test.ts': 'two processes hand a job lease over, one killed with SIGKILL, against lease deadlines',
  'test/jobs/roll-routines-processes.test.ts': 'two processes roll routines at once, one killed with SIGKILL',
  'test/jobs/webhook-crash.test.ts': 'a server killed with SIGKILL mid-delivery',
  'test/jobs/slow-receiver.test.ts': 'one and two server processes must deliver within 10 s and renew leases within a lease length beside a dripping receiver',
  'test/jobs/independent-jobs.test.ts': 'holds lease renewal and step deadlines to real-time bounds',
  'test/busy-calendar/busy-calendar-api.test.ts': 'calendar fetches against a 500 ms deadline, and a step beside a dripping calendar server must end within 3 s',
  'test/busy-calendar/expand-large.test.ts': 'times the event loop\'s longest wait while a 2 MB calendar is expanded',
  'test/busy-calendar/busy-calendar-cli.test.ts': 'a server process fetches from a calendar server on its job tick, waited for within a deadline',
};
/** Lanes for the files of `WAITS`, beside the one of `SECOND`. */
const WAIT_LANES = 3;

const root = fileURLToPath(new URL('..', import.meta.url));
/** Each file's time in the last run (gitignored), so the longest start first and do not end the run alone. */
const TIMES = join(root, 'tmp', 'test-file-times.json');
/** The times of a quiet run on the reference machine, for a fresh clone (CI) that has no run of its own; `--save-times` rewrites it. */
const BASELINE_TIMES = join(root, 'scripts', 'test-file-times.json');

const args = process.argv.slice(2);
const concurrencyArg = args.find((arg) => arg.startsWith('--concurrency='));
const concurrency = concurrencyArg ? Number(concurrencyArg.split('=')[1]) : availableParallelism() + 1;
const chosen = args.filter((arg) => !arg.startsWith('--')).map((file) => relative(root, resolve(file)));

const all = readdirSync(join(root, 'test'), { recursive: true })
  .map((path) => join('test', String(path)))
  .filter((path) => path.endsWith('.test.ts'))
  .sort();
const apart = { ...SECOND, ...WAITS };
for (const file of Object.keys(apart)) if (!all.includes(file)) throw new Error(`${file} is listed to run apart but does not exist`);
const files = chosen.length ? chosen : all;

const lastTimes = { ...readTimes(BASELINE_TIMES), ...readTimes(TIMES) };
// Files never timed (new ones) first, then the longest: a long file started last ends the run alone.
const longestFirst = (a, b) => (lastTimes[b] ?? Infinity) - (lastTimes[a] ?? Infinity) || a.localeCompare(b);
const sideBySide = files.filter((file) => !(file in apart)).sort(longestFirst);
const groups = [
  { name: 'side by side', concurrency, batches: deal(sideBySide, concurrency * 4) },
  { name: 'apart, in lanes', concurrency: WAIT_LANES + 1, batches: [files.filter((file) => file in SECOND), ...deal(files.filter((file) => file in WAITS).sort(longestFirst), WAIT_LANES)] },
];

function readTimes(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
}

/** Deals files (longest first) into `count` batches, each to the batch with the least time so far. */
function deal(groupFiles, count) {
  const batches = Array.from({ length: Math.min(count, groupFiles.length) }, () => ({ ms: 0, files: [] }));
  for (const file of groupFiles) {
    const lightest = batches.reduce((best, batch) => (batch.ms < best.ms ? batch : best));
    lightest.files.push(file);
    lightest.ms += lastTimes[file] ?? 60_000;
  }
  return batches.map((batch) => batch.files);
}

const scratch = mkdtempSync(join(tmpdir(), 'cowork-test-batches-'));
/**
 * A test file that imports `batchFiles`, each inside a suite named by its path (node:test builds a
 * suite as it is declared, so the files load side by side and their tests then run one file after
 * another).
 */
function writeBatch(name, batchFiles) {
  const path = join(scratch, `${name}.test.mjs`);
  // The check is the suite's last hook, so the file's own (stopping its servers) run before it.
  const suites = batchFiles.map((file) => `describe(${JSON.stringify(file)}, async () => {\n  await import(${JSON.stringify(pathToFileURL(join(root, file)).href)});\n  after(() => environmentAsFound(${JSON.stringify(file)}));\n});`);
  writeFileSync(path, `import { after, describe } from 'node:test';\n${ENVIRONMENT_CHECK}\n${suites.join('\n')}\n`);
  return path;
}

/**
 * Files of a batch share one process, and what a file starts later (a server, a CLI, Chromium)
 * inherits its environment: a file that leaves process.env changed fails, named, at its end. (A TZ
 * left behind once moved a browser test's clock by an hour.)
 */
const ENVIRONMENT_CHECK = `const environmentAtStart = { ...process.env };
function environmentAsFound(file) {
  const changed = [...new Set([...Object.keys(environmentAtStart), ...Object.keys(process.env)])].filter((key) => environmentAtStart[key] !== process.env[key]);
  if (changed.length) throw new Error(\`\${file} left process.env changed (\${changed.join(', ')}): put back what a test sets before it ends (test/helpers/scoped-env.ts)\`);
}`;

const times = {};
let failed = false;
for (const [index, group] of groups.entries()) {
  const batches = group.batches.filter((batchFiles) => batchFiles.length);
  if (!batches.length) continue;
  const timesFile = join(scratch, `${index}.json`);
  const batchPaths = batches.map((batchFiles, n) => writeBatch(`group-${index}-batch-${n}`, batchFiles));
  const concurrent = Math.min(group.concurrency, batches.length);
  console.log(`\n# ${batches.flat().length} files ${group.name}, in ${batches.length} batches${concurrent > 1 ? ` (${concurrent} at once)` : ''}\n`);
  const started = performance.now();
  const code = await new Promise((done) => {
    spawn(process.execPath, [
      '--import', 'tsx', '--test', `--test-concurrency=${concurrent}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts', 'test-file-times.mjs')}`, `--test-reporter-destination=${timesFile}`,
      ...batchPaths,
    ], { cwd: root, stdio: 'inherit' }).once('exit', (exitCode) => done(exitCode));
  });
  failed ||= code !== 0;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  Object.assign(times, existsSync(timesFile) ? Object.fromEntries(Object.entries(JSON.parse(readFileSync(timesFile, 'utf8'))).map(([file, { ms }]) => [file, ms])) : {});
  console.log(`# ${group.name}: ${seconds} s, exit ${code}`);
}
rmSync(scratch, { recursive: true, force: true });

const slowest = Object.entries(times).sort(([, a], [, b]) => b - a).slice(0, 10);
console.log(`\n# slowest files (their tests' own time):\n${slowest.map(([file, ms]) => `#   ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`).join('\n')}`);
mkdirSync(join(root, 'tmp'), { recursive: true });
writeFileSync(TIMES, JSON.stringify({ ...lastTimes, ...times }, null, 1));
if (args.includes('--save-times')) writeFileSync(BASELINE_TIMES, `${JSON.stringify(Object.fromEntries(Object.entries({ ...lastTimes, ...times }).filter(([file]) => all.includes(file)).sort(([a], [b]) => a.localeCompare(b)).map(([file, ms]) => [file, Math.round(ms)])), null, 1)}\n`);
process.exitCode = failed ? 1 : 0;
