import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Routine, Session, Webhook } from '../../cli/api-types.js';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * The generated bash script, sourced in a real bash with COMP_WORDS and COMP_CWORD set as bash
 * sets them on TAB; the candidates come from the commander program and, for ids, from the server.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
const SERVER_ENV = { ...NOW, COWORK_WEBHOOK_ALLOW_PRIVATE: '1' };
const binDir = mkdtempSync(join(tmpdir(), 'cowork-path-'));
writeFileSync(join(binDir, 'cowork'), `#!/bin/sh\nexec "${process.execPath}" "${COWORK_BIN}" "$@"\n`);
chmodSync(join(binDir, 'cowork'), 0o755);

let server: ServerProcess;
let ada: CoworkEnv;
let booked: Session;
/** Bob keeps a routine and two webhooks (Ada none), so Ada's session ids stay the only ones she has. */
let bob: CoworkEnv;
let routine: Routine;
let webhooks: Webhook[];
before(async () => {
  server = await startServerProcess({ env: SERVER_ENV });
  ada = await signedUpPerson(server.url, 'Ada', NOW);
  booked = JSON.parse((await runCowork(ada, ['book', '50m', '16:00', '--json'])).stdout) as Session;
  bob = await signedUpPerson(server.url, 'Bob', NOW);
  routine = JSON.parse((await runCowork(bob, ['routine', 'add', 'weekdays', '9:00', '25m', '--json'])).stdout) as Routine;
  webhooks = [];
  for (const path of ['a', 'b']) webhooks.push(JSON.parse((await runCowork(bob, ['webhook', 'add', `http://127.0.0.1:9/${path}`, '--json'])).stdout) as Webhook);
});
after(() => server.stop());

/** What bash offers for the words typed so far (the last one is the word under the cursor). */
function complete(words: string[], env: Record<string, string> = ada.env): string[] {
  const script = `source <(cowork completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_cowork; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', script], { env: { PATH: `${binDir}:${process.env.PATH}`, HOME: process.env.HOME ?? '/tmp', ...env }, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  test('the first word offers every visible command and nothing hidden', () => {
    const offered = complete(['cowork', '']);
    for (const command of ['serve', 'signup', 'login', 'logout', 'whoami', 'book', 'list', 'next', 'cancel', 'task', 'config', 'completion']) assert.ok(offered.includes(command), command);
    assert.ok(!offered.includes('__complete'));
  });

  test('a prefix narrows the commands', () => assert.deepEqual(complete(['cowork', 'bo']), ['book']));

  test('a global flag with its value before the command is skipped', () => {
    assert.deepEqual(complete(['cowork', '--server', server.url, 'bo']), ['book']);
    assert.deepEqual(complete(['cowork', '--no-color', 'book', '']), ['25m', '50m', '75m']);
  });

  test('book offers durations, then time words', () => {
    assert.deepEqual(complete(['cowork', 'book', '']), ['25m', '50m', '75m']);
    assert.deepEqual(complete(['cowork', 'book', '50m', 't']), ['today', 'tomorrow', 'tue', 'thu']);
  });

  test('cancel and task offer next and the ids of your sessions from the server', () => {
    assert.deepEqual(complete(['cowork', 'cancel', '']), ['next', booked.id]);
    assert.deepEqual(complete(['cowork', 'task', booked.id.slice(0, 4)]), [booked.id]);
  });

  test('ids come from the server named on the line, and only next when none answers', () => {
    assert.deepEqual(complete(['cowork', '--server', 'http://127.0.0.1:9', 'cancel', '']), ['next']);
  });

  test('routine pause, resume, rm, skip and unskip offer the ids of your routines from the server', () => {
    for (const verb of ['pause', 'resume', 'rm', 'skip', 'unskip']) assert.deepEqual(complete(['cowork', 'routine', verb, ''], bob.env), [routine.id], verb);
    assert.deepEqual(complete(['cowork', 'routine', 'pause', routine.id.slice(0, 3)], bob.env), [routine.id]);
    assert.deepEqual(complete(['cowork', 'routine', 'pause', ''], ada.env), [], 'only your own routines');
  });

  test('routine skip and unskip offer day words for the day and for --through', () => {
    for (const verb of ['skip', 'unskip']) {
      assert.deepEqual(complete(['cowork', 'routine', verb, routine.id, 't'], bob.env), ['today', 'tomorrow', 'tue', 'thu'], verb);
      assert.deepEqual(complete(['cowork', 'routine', verb, routine.id, 'fri', '--through', 's'], bob.env), ['sat', 'sun'], verb);
    }
    assert.ok(!complete(['cowork', 'routine', 'skip', routine.id, ''], bob.env).includes('now'), 'a day is not a moment');
  });

  test('webhook rm, ping and deliveries offer the ids of your webhooks from the server', () => {
    const ids = webhooks.map((hook) => hook.id).sort();
    for (const verb of ['rm', 'ping', 'deliveries']) assert.deepEqual(complete(['cowork', 'webhook', verb, ''], bob.env).sort(), ids, verb);
    assert.deepEqual(complete(['cowork', 'webhook', 'ping', ids[0]!], bob.env), [ids[0]]);
    assert.deepEqual(complete(['cowork', 'webhook', 'rm', ''], ada.env), [], 'only your own webhooks');
  });

  test('routine and webhook ids are simply not offered when no server answers', () => {
    assert.deepEqual(complete(['cowork', '--server', 'http://127.0.0.1:9', 'routine', 'rm', ''], bob.env), []);
    assert.deepEqual(complete(['cowork', '--server', 'http://127.0.0.1:9', 'webhook', 'ping', ''], bob.env), []);
  });

  test('config keys, shells and options come from the program', () => {
    assert.deepEqual(complete(['cowork', 'config', '']), ['get', 'set']);
    assert.deepEqual(complete(['cowork', 'config', 'get', '']), ['server', 'token']);
    assert.deepEqual(complete(['cowork', 'completion', '']), ['bash', 'zsh', 'fish']);
    assert.deepEqual(complete(['cowork', 'list', '--']).sort(), ['--all', '--debug', '--help', '--json', '--no-color', '--server', '--version'].sort());
  });
});
