import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { waitUntil } from '../../cli/wait.js';
import { runCowork } from './run-cowork.js';

/** What works without a server: version, help, usage errors, completion, and the countdown. */
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the command itself', () => {
  test('cowork --version prints the package version', async () => {
    const result = await runCowork(undefined, ['--version']);
    assert.deepEqual([result.code, result.stdout], [0, `${version}\n`]);
  });

  test('every command has help with $ examples, and book --help shows `cowork book 50m 14:00`', async () => {
    for (const command of ['serve', 'signup', 'login', 'logout', 'whoami', 'book', 'list', 'next', 'cancel', 'task', 'config', 'completion']) {
      const result = await runCowork(undefined, [command, '--help']);
      assert.equal(result.code, 0, command);
      assert.match(result.stdout, new RegExp(`Examples:\\n {2}\\$ .*cowork ${command}`), command);
    }
    assert.match((await runCowork(undefined, ['book', '--help'])).stdout, /\$ cowork book 50m 14:00\n/);
  });

  test('an unknown command exits 2 in cowork\'s voice, with a did-you-mean', async () => {
    const result = await runCowork(undefined, ['boook']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "cowork: Unknown command 'boook'.\n  Did you mean `cowork book`? See `cowork --help`.\n");
  });

  test('an unknown sub-command suggests the full command, and another tool\'s word for add, rm or list', async () => {
    const cases: [string[], string][] = [
      [['routine', 'create'], 'cowork routine add'],
      [['routine', 'new'], 'cowork routine add'],
      [['webhook', 'delete', 'wh_x'], 'cowork webhook rm'],
      [['routine', 'lst'], 'cowork routine list'],
    ];
    for (const [args, suggested] of cases) {
      const result = await runCowork(undefined, args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stderr, `cowork: Unknown command '${args[1]}'.\n  Did you mean \`${suggested}\`? See \`cowork ${args[0]} --help\`.\n`);
    }
  });

  test('an unknown option exits 2 and points to the command\'s help', async () => {
    const result = await runCowork(undefined, ['list', '--alll']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "cowork: Unknown option '--alll'.\n  Did you mean `--all`? See `cowork list --help`.\n");
  });

  test('a value outside an argument\'s choices and a flag without its value are said plainly, exit 2', async () => {
    const shell = await runCowork(undefined, ['completion', 'tcsh']);
    assert.deepEqual([shell.code, shell.stderr], [2, 'cowork: "tcsh" is not a shell cowork knows; choose bash, zsh, fish.\n  See `cowork completion --help`.\n']);
    const port = await runCowork(undefined, ['serve', '--port']);
    assert.deepEqual([port.code, port.stderr], [2, 'cowork: --port <port> needs a value.\n  See `cowork serve --help`.\n']);
  });

  test('serve --host 999.1.1.1 exits 2 with a one-line fix, like other bad settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cowork-host-'));
    const result = await runCowork(undefined, ['serve', '--host', '999.1.1.1', '--port', '0', '--db', join(dir, 'cowork.db')]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'cowork: --host must be an address of this machine, not "999.1.1.1".\n  Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).\n');
  });

  test('output into a pipe the reader closed early ends quietly with exit 0 (cowork --help | true)', () => {
    const cowork = fileURLToPath(new URL('../../bin/cowork', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'cowork-pipe-'));
    const stderrFile = join(dir, 'stderr');
    // `true` exits without reading, so cowork writes into a closed pipe; pipefail reports cowork's status.
    const out = execFileSync('bash', ['-c', 'set -o pipefail; "$0" --help 2>"$1" | true; echo "exit $?"', cowork, stderrFile], { encoding: 'utf8' });
    const stderr = readFileSync(stderrFile, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual([out, stderr], ['exit 0\n', '']);
  });

  test('a missing argument exits 2', async () => {
    assert.equal((await runCowork(undefined, ['book', '50m'])).code, 2);
  });

  test('serve with a port that is not a number exits 2 without a stack trace', async () => {
    const result = await runCowork(undefined, ['serve', '--port', 'eighty']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'cowork: --port must be a number from 0 to 65535, not "eighty".\n  Use --port 0 for any free port.\n');
  });

  test('completion prints a script for bash, zsh and fish, and refuses other shells with exit 2', async () => {
    assert.match((await runCowork(undefined, ['completion', 'bash'])).stdout, /complete -F _cowork cowork/);
    assert.match((await runCowork(undefined, ['completion', 'zsh'])).stdout, /compdef _cowork cowork/);
    assert.match((await runCowork(undefined, ['completion', 'fish'])).stdout, /complete -c cowork/);
    assert.equal((await runCowork(undefined, ['completion', 'tcsh'])).code, 2);
  });
});

describe('waiting for the join window', () => {
  const run = async (live: boolean, seconds: number) => {
    let clock = 0;
    const written: string[] = [];
    await waitUntil(new Date(seconds * 1000), 'Join window opens', {
      now: () => new Date(clock),
      sleep: async (ms) => {
        clock += ms;
      },
      write: (text) => written.push(text),
      live,
    });
    return written;
  };

  test('on a terminal one line counts down in place each second and is cleared at the end', async () => {
    assert.deepEqual(await run(true, 3), [
      '\r\x1b[2KJoin window opens in 3 s · Ctrl-C to leave',
      '\r\x1b[2KJoin window opens in 2 s · Ctrl-C to leave',
      '\r\x1b[2KJoin window opens in 1 s · Ctrl-C to leave',
      '\r\x1b[2K',
    ]);
  });

  test('elsewhere a plain line is written at the start and every five minutes', async () => {
    assert.deepEqual(await run(false, 12 * 60), ['Join window opens in 12 min 00 s.\n', 'Join window opens in 7 min 00 s.\n', 'Join window opens in 2 min 00 s.\n']);
  });
});
