import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { person, runCowork, signedUpPerson } from './run-cowork.js';

/** Signing up, logging in and out, and where the CLI keeps its settings, through the real bin/cowork. */
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ checkContract: true });
});
after(() => server.stop());

describe('accounts', () => {
  test('signup reads the password from stdin and keeps the token in a config file of mode 0600', async () => {
    const ada = await signedUpPerson(server.url, 'Ada');
    const file = join(ada.configHome, 'cowork', 'config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { tokens: Record<string, string> };
    assert.match(stored.tokens[server.url] ?? '', /^cwk_/);
  });

  test('whoami shows the account, and with --json prints exactly the user object', async () => {
    const ada = await signedUpPerson(server.url, 'Ada');
    const human = await runCowork(ada, ['whoami']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, new RegExp(`Ada <${ada.email}>`));
    const json = await runCowork(ada, ['whoami', '--json']);
    assert.equal(json.code, 0);
    const user = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(user).sort(), ['activity', 'email', 'id', 'languages', 'matchWith', 'name', 'quiet', 'timezone']);
    assert.equal(user.email, ada.email);
    assert.equal(user.timezone, 'Europe/Berlin');
  });

  test('login with --password-stdin stores a new token and --json prints the user', async () => {
    const ada = await signedUpPerson(server.url, 'Ada');
    const elsewhere = person(server.url);
    const result = await runCowork(elsewhere, ['login', '--email', ada.email, '--password-stdin', '--json'], { input: 'correct horse battery\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { email: string }).email, ada.email);
    assert.equal((await runCowork(elsewhere, ['whoami'])).code, 0);
  });

  test('a wrong password exits 4', async () => {
    const ada = await signedUpPerson(server.url, 'Ada');
    const result = await runCowork(person(server.url), ['login', '--email', ada.email, '--password-stdin'], { input: 'not the password' });
    assert.equal(result.code, 4);
    assert.match(result.stderr, /Wrong email or password/);
  });

  test('repeated wrong passwords end in 429 from the server, which exits 1 with its message', async () => {
    const ada = await signedUpPerson(server.url, 'Ada');
    const attempt = () => runCowork(person(server.url), ['login', '--email', ada.email, '--password-stdin'], { input: 'not the password' });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await attempt()).code);
    assert.deepEqual(codes, [4, 4, 4, 4, 4]);
    const locked = await attempt();
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /^cowork: Too many wrong passwords for this email\.\n {2}Try again [A-Z][a-z]{2} \d+ [A-Z][a-z]{2}, \d\d:\d\d \(in \d+ min\)\./);
    assert.doesNotMatch(locked.stderr, /\d{4}-\d{2}-\d{2}T/);
  });

  test('logout revokes the token, so the server refuses it afterwards with exit 4', async () => {
    const ada = await signedUpPerson(server.url, 'Ada');
    const token = (await runCowork(ada, ['config', 'get', 'token'])).stdout.trim();
    assert.equal((await runCowork(ada, ['logout'])).code, 0);
    assert.equal((await runCowork(ada, ['whoami'])).code, 4);
    const refused = await runCowork(person(server.url), ['whoami'], { env: { COWORK_TOKEN: token } });
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /cowork login/);
  });

  test('a command that needs a login exits 4 without one, with a hint', async () => {
    const result = await runCowork(person(server.url), ['list']);
    assert.equal(result.code, 4);
    assert.match(result.stderr, new RegExp(`^cowork: Not logged in to ${server.url.replace(/\./g, '\\.')}\\.\\n {2}Run \`cowork login\``));
  });

  test('signup with an --email that is not one exits 2 before asking anything, naming the flag', async () => {
    const result = await runCowork(person(server.url), ['signup', '--name', 'Bo', '--email', 'bo-at-example', '--password-stdin'], { input: 'whatever123' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'cowork: --email "bo-at-example" is not an email address.\n  Write it like --email ada@example.com.\n');
  });

  test('a password the server finds too short is said as a rule about the password, not about a request body', async () => {
    const result = await runCowork(person(server.url), ['signup', '--name', 'Bo', '--email', `bo-${process.pid}@example.org`, '--password-stdin'], { input: 'short' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'cowork: The password must be at least 8 characters.\n');
  });

  test('signup on a non-terminal without --email exits 2 naming the flag', async () => {
    const result = await runCowork(person(server.url), ['signup', '--name', 'Bo', '--password-stdin'], { input: 'whatever123' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--email is missing/);
  });

  test('signup with an email already registered exits 3', async () => {
    const ada = await signedUpPerson(server.url, 'Ada');
    const result = await runCowork(person(server.url), ['signup', '--name', 'Ada', '--email', ada.email, '--password-stdin'], { input: 'another password' });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /already has an account/);
  });
});

describe('settings', () => {
  test('config set server is stored, COWORK_SERVER overrides it, and --server overrides both', async () => {
    const who = person(server.url);
    delete who.env.COWORK_SERVER;
    assert.equal((await runCowork(who, ['config', 'get', 'server'])).stdout.trim(), 'http://127.0.0.1:8787');
    assert.equal((await runCowork(who, ['config', 'set', 'server', 'http://stored.example:1/'])).code, 0);
    assert.equal((await runCowork(who, ['config', 'get', 'server'])).stdout.trim(), 'http://stored.example:1');
    assert.equal((await runCowork(who, ['config', 'get', 'server'], { env: { COWORK_SERVER: 'http://env.example:2' } })).stdout.trim(), 'http://env.example:2');
    const flag = await runCowork(who, ['--server', 'http://flag.example:3', 'config', 'get', 'server'], { env: { COWORK_SERVER: 'http://env.example:2' } });
    assert.equal(flag.stdout.trim(), 'http://flag.example:3');
    assert.equal(statSync(join(who.configHome, 'cowork', 'config.json')).mode & 0o777, 0o600);
  });

  test('an unknown config key exits 2', async () => {
    const result = await runCowork(person(server.url), ['config', 'get', 'colour']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Known keys: server, token/);
  });

  test('a server that does not answer exits 5 with a hint', async () => {
    const result = await runCowork(person('http://127.0.0.1:9'), ['whoami'], { env: { COWORK_TOKEN: 'cwk_anything' } });
    assert.equal(result.code, 5);
    assert.match(result.stderr, /Cannot reach the cowork server at http:\/\/127\.0\.0\.1:9/);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/);
  });
});
