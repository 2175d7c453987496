import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { person, runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * The operator grants admins on the server's database (SPEC §16), with the real bin/cowork beside a
 * real `bin/cowork serve`: a grant or a revoke counts from the next request, in every process.
 */
const dir = mkdtempSync(join(tmpdir(), 'cowork-admin-grants-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('a server given COWORK_ADMINS', () => {
  for (const processes of ['1', '2']) {
    test(`refuses to start (exit 2), names \`cowork admin grant\`, and makes no database (--processes ${processes})`, () => {
      const db = join(dir, `refused-${processes}.db`);
      const run = spawnSync(process.execPath, [COWORK_BIN, 'serve', '--port', '0', '--db', db], {
        env: { ...process.env, COWORK_ADMINS: 'admin@ex.test', COWORK_SIGNUP: 'invite', COWORK_PROCESSES: processes },
        encoding: 'utf8',
        // Today's main starts and listens: the bound turns that into a failure instead of a hang.
        timeout: 20_000,
      });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /COWORK_ADMINS needs addresses verified by mail/);
      assert.match(run.stderr, /cowork admin grant <email> --db <path\|url>/);
      assert.equal(run.stdout, '', 'never listening');
      assert.equal(existsSync(db), false);
    });
  }
});

describe('cowork admin grant and revoke, beside a running server of two processes', () => {
  const dbPath = join(dir, 'cowork.db');
  let server: ServerProcess;
  let ada: CoworkEnv & { email: string };
  before(async () => {
    server = await startServerProcess({ dbPath, checkContract: true, env: { COWORK_PROCESSES: '2' } });
    ada = await signedUpPerson(server.url, 'Ada');
  });
  after(() => server.stop());

  // Each run is a new connection, which the primary hands to its processes in turn: four reach both.
  const adminReportsFourTimes = async () => Promise.all([1, 2, 3, 4].map(() => runCowork(ada, ['admin', 'reports'])));
  const admins = async () => JSON.parse((await runCowork(undefined, ['admin', 'list', '--db', dbPath, '--json'])).stdout) as { email: string; grantedBy: string }[];

  test('the account is refused until granted; a grant counts from the next request; a revoke ends it from the next request', { timeout: 60_000 }, async () => {
    const refused = await runCowork(ada, ['admin', 'reports']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /Only the server's admins can do this\.\n.*grants admins on its database with `cowork admin grant <email> --db <path\|url>`/);

    const granted = await runCowork(undefined, ['admin', 'grant', ada.email.toUpperCase(), '--db', dbPath]);
    assert.equal(granted.code, 0, granted.stderr);
    assert.match(granted.stderr, /^Ada <.*> is an admin from their next request\.\n$/);
    for (const run of await adminReportsFourTimes()) assert.deepEqual([run.code, run.stderr], [0, 'No reports.\n']);
    assert.deepEqual((await admins()).map((grant) => grant.email), [ada.email]);

    const revoked = await runCowork(undefined, ['admin', 'revoke', ada.email, '--db', dbPath]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stderr, /^Ada <.*> is no longer an admin, from their next request\.\n$/);
    for (const run of await adminReportsFourTimes()) assert.equal(run.code, 3, run.stderr);
    assert.deepEqual(await admins(), []);
    assert.equal((await runCowork(ada, ['whoami'])).code, 0, 'the account itself stays signed in');
  });

  test('an email with no account exits 2, a revoke of a non-admin exits 3, and neither changes anything', async () => {
    const nobody = await runCowork(undefined, ['admin', 'grant', 'nobody@example.org', '--db', dbPath]);
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr, /No account has the email nobody@example\.org\.\n.*sign up first/);
    const notAdmin = await runCowork(undefined, ['admin', 'revoke', ada.email, '--db', dbPath]);
    assert.equal(notAdmin.code, 3);
    assert.match(notAdmin.stderr, /is not an admin; nothing changed/);
    const notEmail = await runCowork(undefined, ['admin', 'grant', 'ada', '--db', dbPath]);
    assert.equal(notEmail.code, 2);
    assert.deepEqual(await admins(), []);
    const list = await runCowork(undefined, ['admin', 'list', '--db', dbPath]);
    assert.deepEqual([list.code, list.stdout], [0, '']);
    assert.match(list.stderr, /No admins yet/);
  });

  test('a --db that names no database, or another program\'s, is exit 2 and writes nothing', async () => {
    const missing = join(dir, 'no-such.db');
    const run = await runCowork(undefined, ['admin', 'list', '--db', missing]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /There is no database at .*no-such\.db/);
    assert.equal(existsSync(missing), false);

    const other = join(dir, 'other.db');
    const client = createClient({ url: pathToFileURL(other).href });
    await client.execute('CREATE TABLE notes (text TEXT)');
    client.close();
    const before = readFileSync(other);
    const refused = await runCowork(undefined, ['admin', 'grant', ada.email, '--db', other]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /is not a cowork server's/);
    assert.deepEqual(readFileSync(other), before);
  });
});

/** The commands of README's admin example, one a line, as a shell runs them. */
function readmeAdminExample(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!).find((text) => text.includes('cowork admin grant'));
  assert.ok(block, 'README has an sh block with `cowork admin grant`');
  return block.split('\n').map((line) => line.trim()).filter(Boolean);
}

function sh(line: string, cwd: string, path: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('sh', ['-c', line], { cwd, env: { PATH: path, HOME: cwd } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('README', () => {
  test('the admin example runs as written, in a folder holding the server\'s ./cowork.db with Ada\'s account', { timeout: 60_000 }, async () => {
    const folder = join(dir, 'readme');
    const bin = join(dir, 'readme-bin');
    mkdirSync(folder);
    mkdirSync(bin);
    symlinkSync(COWORK_BIN, join(bin, 'cowork'));
    const server = await startServerProcess({ dbPath: join(folder, 'cowork.db') });
    try {
      const signup = await runCowork(person(server.url), ['signup', '--name', 'Ada', '--email', 'ada@example.org', '--password-stdin'], { input: 'correct horse battery\n' });
      assert.equal(signup.code, 0, signup.stderr);
      const path = `${bin}:${process.env.PATH ?? ''}`;
      const outputs: string[] = [];
      for (const line of readmeAdminExample()) {
        const run = await sh(line, folder, path);
        assert.equal(run.code, 0, `${line}\n${run.stderr}`);
        outputs.push(run.stdout);
      }
      assert.ok(outputs.some((out) => /"email": "ada@example.org"/.test(out)), 'the --json line lists Ada');
    } finally {
      await server.stop();
    }
  });
});
