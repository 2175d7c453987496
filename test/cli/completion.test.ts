import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Routine, Session, Webhook } from '../../cli/api-types.js';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';
import { lineAfterTab, missingShell } from './shell-prompt.js';

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

/**
 * The words bash puts in COMP_WORDS for a line: split at blanks and, as bash does, at every
 * COMP_WORDBREAKS character, so `http://host:8787` arrives as `http`, `:`, `//host`, `:`, `8787`.
 */
const wordsAsBashSplitsThem = (line: string) => [...(line.match(/[^\s:=]+|[:=]+/g) ?? []), ...(/[\s]$/.test(line) ? [''] : [])];
const bashQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * What bash offers for the words typed so far (the last one is the word under the cursor), with
 * COMP_LINE, COMP_POINT, COMP_WORDS and COMP_CWORD set as bash sets them on TAB.
 */
function complete(words: string[], env: Record<string, string> = ada.env): string[] {
  const line = words.join(' ');
  const split = wordsAsBashSplitsThem(line);
  const script = `source <(cowork completion bash)
COMP_LINE=${bashQuote(line)}; COMP_POINT=\${#COMP_LINE}
COMP_WORDS=(${split.map(bashQuote).join(' ')}); COMP_CWORD=${split.length - 1}
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
    assert.deepEqual(complete(['cowork', 'list', '--']).sort(), ['--all', '--debug', '--help', '--json', '--no-color', '--server'].sort());
  });

  test('--version is offered only before a command, where it works', () => {
    assert.ok(complete(['cowork', '--']).includes('--version'));
    assert.ok(!complete(['cowork', 'book', '--']).includes('--version'));
  });

  test('a URL with colons earlier on the line leaves the words after it whole', () => {
    assert.deepEqual(complete(['cowork', '--server', server.url, 'cancel', '']), ['next', booked.id]);
    assert.deepEqual(complete(['cowork', '--server', server.url, 'book', '50m', '14:00', '--ta']), ['--task']);
  });

  test('a clock time being typed offers its quarter hours, as the part bash replaces after the colon', () => {
    assert.deepEqual(complete(['cowork', 'book', '50m', '14:']), ['00', '15', '30', '45']);
    assert.deepEqual(complete(['cowork', 'book', '50m', '9']), ['9:00', '9:15', '9:30', '9:45']);
  });
});

/** A folder to complete in: a file that completion must offer for a path, and one it must not offer elsewhere. */
const folder = mkdtempSync(join(tmpdir(), 'cowork-completion-cwd-'));
writeFileSync(join(folder, 'team.db'), '');
writeFileSync(join(folder, 'notes.txt'), '');
const shellHome = mkdtempSync(join(tmpdir(), 'cowork-shell-home-'));
const shellEnv = () => ({ PATH: `${binDir}:${process.env.PATH}`, HOME: shellHome, ZDOTDIR: shellHome, ...ada.env });

describe('bash completion at a real prompt', () => {
  const tab = (typed: string) => lineAfterTab('bash', ['source <(cowork completion bash)'], typed, { env: shellEnv(), cwd: folder });

  test('after a URL with colons, TAB completes the word, not a file name', async () => {
    assert.equal((await tab(`cowork --server ${server.url} cancel n`)).line, `cowork --server ${server.url} cancel next`);
  });

  test('TAB after the colon of a clock time completes the time in place', async () => {
    assert.equal((await tab('cowork book 50m 14:3')).line, 'cowork book 50m 14:30');
  });

  test('an option that takes a path completes file names', async () => {
    assert.equal((await tab('cowork serve --db te')).line, 'cowork serve --db team.db');
  });
});

describe('zsh completion', { skip: missingShell('zsh') }, () => {
  const setup = ['bindkey -e', 'autoload -Uz compinit && compinit -u -D', 'eval "$(cowork completion zsh)"'];
  const tab = (typed: string) => lineAfterTab('zsh', setup, typed, { env: shellEnv(), cwd: folder });

  test('session ids are shown with their time and partner beside them', async () => {
    const { listed } = await tab('cowork cancel ');
    assert.match(listed, /next\s+-- your next session/);
    assert.match(listed, new RegExp(`${booked.id}\\s+-- .*16:00.*waiting for a partner`));
  });

  test('commands are shown with what they do', async () => {
    const { listed } = await tab('cowork b');
    assert.match(listed, /block\s+-- never be paired/);
    assert.match(listed, /book\s+-- book a 25, 50 or 75-minute session/);
  });

  test('an option that takes a path completes file names', async () => {
    assert.equal((await tab('cowork serve --db te')).line, 'cowork serve --db team.db');
  });

  test('a URL with colons earlier on the line changes nothing', async () => {
    assert.equal((await tab(`cowork --server ${server.url} cancel n`)).line, `cowork --server ${server.url} cancel next`);
  });

  test('a quoted word is read without its quotes', async () => {
    const typed = `cowork --server "${server.url}" task ${booked.id.slice(0, 6)}`;
    assert.equal((await tab(typed)).line, `cowork --server ${server.url} task ${booked.id}`);
  });
});

describe('fish completion', { skip: missingShell('fish') }, () => {
  /** fish's own `complete -C`: what TAB would offer for the line, one `word<TAB>description` a line. */
  function fishOffers(line: string, env: Record<string, string> = ada.env): string[] {
    const script = `cowork completion fish | source; complete -C ${bashQuote(line)}`;
    const result = spawnSync('fish', ['--no-config', '-c', script], { env: { ...shellEnv(), ...env }, cwd: folder, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter(Boolean);
  }

  test('session ids come with their time and partner', () => {
    const offered = fishOffers('cowork cancel ');
    assert.ok(offered.includes('next\tyour next session'), offered.join('\n'));
    const line = offered.find((word) => word.startsWith(`${booked.id}\t`));
    assert.match(line ?? '', /16:00.*waiting for a partner/);
  });

  test('routines and webhooks are described by what they do', () => {
    assert.match(fishOffers('cowork routine rm ', bob.env).join('\n'), new RegExp(`${routine.id}\tweekdays at 09:00`));
    assert.ok(fishOffers('cowork webhook ping ', bob.env).some((line) => line.startsWith(`${webhooks[0]!.id}\thttp://127.0.0.1:9/`)));
  });

  test('an option that takes a path completes file names, elsewhere none', () => {
    assert.deepEqual(fishOffers('cowork serve --db te').map((line) => line.split('\t')[0]), ['team.db']);
    assert.deepEqual(fishOffers('cowork task next no'), []);
  });

  test('--version is not offered under a command', () => {
    assert.ok(!fishOffers('cowork book --').some((line) => line.startsWith('--version')));
  });
});

describe('completion when cowork is reachable only through npx', () => {
  /** A PATH where no `cowork` is, but npx's node_modules/.bin is, as `npx cowork` runs it. */
  const npxBin = join(mkdtempSync(join(tmpdir(), 'cowork-npx-')), 'node_modules', '.bin');
  mkdirSync(npxBin, { recursive: true });
  copyFileSync(join(binDir, 'cowork'), join(npxBin, 'cowork'));
  const generated = () => spawnSync(process.execPath, [COWORK_BIN, 'completion', 'bash'], { env: { PATH: `${npxBin}:/usr/bin:/bin` }, encoding: 'utf8' });

  test('the script says how to put cowork on the PATH', () => {
    const { status, stderr } = generated();
    assert.equal(status, 0);
    assert.match(stderr, /not on your PATH/);
    assert.match(stderr, /npm link/);
  });

  test('the script completes both `npx cowork …` and `cowork …` without cowork on the PATH', () => {
    const script = `${generated().stdout}
for line in 'npx cowork bo' 'cowork bo'; do COMP_LINE=$line; COMP_POINT=\${#line}; _cowork; printf '%s\\n' "\${COMPREPLY[@]}"; done`;
    const result = spawnSync('bash', ['-c', script], { env: { PATH: '/usr/bin:/bin', HOME: shellHome }, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.split('\n').filter(Boolean), ['book', 'book']);
  });
});
