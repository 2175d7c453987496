import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCowork } from './run-cowork.js';

/**
 * A run builds only the command its arguments name (cli/program.ts); help, completion and unknown
 * commands get the whole program. What a person reads must not tell the two apart. A new command
 * goes into its area's file in cli/program/, into HELP_ORDER in cli/program.ts, and into COMMANDS here.
 */
const COMMANDS = ['serve', 'signup', 'verify', 'login', 'logout', 'passwd', 'reset-password', 'change-email', 'delete-account', 'report', 'admin', 'whoami', 'stats', 'book', 'slots',
  'decline', 'fav', 'block', 'unblock', 'partners', 'settings', 'list', 'next', 'watch', 'cancel', 'task', 'routine', 'config', 'calendar', 'webhook', 'mcp', 'completion'];

describe('the program built for one command', () => {
  test('`cowork <command> --help` (that command alone) prints what `cowork help <command>` (the whole program) prints', async () => {
    for (const command of COMMANDS) {
      const [alone, whole] = await Promise.all([runCowork(undefined, [command, '--help']), runCowork(undefined, ['help', command])]);
      assert.equal(alone.code, 0, command);
      assert.equal(alone.stdout, whole.stdout, command);
    }
  });

  test('the whole program lists every command this test knows, so none escapes the comparison above', async () => {
    const help = await runCowork(undefined, ['--help']);
    const commands = help.stdout.slice(help.stdout.indexOf('\nCommands:\n'));
    const listed = [...commands.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((match) => match[1]).filter((name) => name !== 'help');
    assert.deepEqual(listed, COMMANDS);
  });

  test('global options before the command still name it, and its errors still suggest the global options', async () => {
    const result = await runCowork(undefined, ['--no-color', '--server', 'http://127.0.0.1:9', 'list', '--serve']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "cowork: Unknown option '--serve'.\n  Did you mean `--server`? See `cowork list --help`.\n");
  });
});
