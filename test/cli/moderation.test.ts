import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeTerminals, inTerminal, KEY } from './pty.js';
import { person, runCowork, type CoworkEnv } from './run-cowork.js';

/**
 * Reports, admin commands, invites and account commands through the real bin/cowork against a
 * real server on an invite-only community, started as README says: open while the operator signs
 * up and grants themselves on the database, then invite-only. The server is restarted on the
 * same database to move its clock past a session's start (reports open then).
 */
const PASSWORD = 'correct horse battery';
const BEFORE = '2030-01-07T13:55:00Z';
const DURING = '2030-01-07T14:10:00Z';
const ADMIN = `root-${process.pid}@example.org`;
const dir = mkdtempSync(join(tmpdir(), 'cowork-moderation-'));
const dbPath = join(dir, 'cowork.db');
let server: ServerProcess;
const start = async (now: string, signup: 'open' | 'invite' = 'invite') => {
  server = await startServerProcess({ dbPath, checkContract: true, env: { COWORK_NOW: now, COWORK_SIGNUP: signup } });
};
before(() => start(BEFORE, 'open'));
after(async () => {
  closeTerminals();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Person = CoworkEnv & { email: string };
let people = 0;
async function signUp(name: string, email: string, extra: string[] = []): Promise<{ who: Person; code: number | null; stderr: string }> {
  const who = { ...person(server.url, { COWORK_NOW: BEFORE }), email };
  const result = await runCowork(who, ['signup', '--name', name, '--email', email, '--password-stdin', ...extra], { input: `${PASSWORD}\n` });
  return { who, code: result.code, stderr: result.stderr };
}
/** The same person after the server restarted on another port: their stored token moves to the new URL. */
function at(who: Person, now: string): Person {
  const file = join(who.configHome, 'cowork', 'config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { tokens: Record<string, string> };
  config.tokens = { [server.url]: Object.values(config.tokens)[0]! };
  writeFileSync(file, JSON.stringify(config));
  return { ...who, env: { ...who.env, COWORK_SERVER: server.url, COWORK_NOW: now } };
}
const idOf = async (who: Person) => (JSON.parse((await runCowork(who, ['whoami', '--json'])).stdout) as { id: string }).id;

describe('an invite-only community run from the CLI', () => {
  let root: Person;
  let ada: Person;
  let bob: Person;

  test('the operator grants their own account; admin invite makes codes; signup needs one, whatever the email', async () => {
    const admin = await signUp('Root', ADMIN);
    assert.equal(admin.code, 0, admin.stderr);
    const granted = await runCowork(undefined, ['admin', 'grant', ADMIN, '--db', dbPath]);
    assert.equal(granted.code, 0, granted.stderr);
    await server.stop();
    await start(BEFORE);
    root = at(admin.who, BEFORE);
    for (const email of [`eve-${process.pid}@example.org`, ADMIN.toUpperCase()]) {
      const refused = await signUp('Eve', email);
      assert.equal(refused.code, 3, email);
      assert.match(refused.stderr, /invite code/);
    }
    const invited: Person[] = [];
    for (const name of ['Ada', 'Bob']) {
      const made = await runCowork(root, ['admin', 'invite', '--json']);
      assert.equal(made.code, 0, made.stderr);
      const { code } = JSON.parse(made.stdout) as { code: string };
      const joined = await signUp(name, `${name.toLowerCase()}-${process.pid}-${++people}@example.org`, ['--invite', code]);
      assert.equal(joined.code, 0, joined.stderr);
      invited.push(joined.who);
    }
    [ada, bob] = invited as [Person, Person];
    const notAdmin = await runCowork(ada, ['admin', 'reports']);
    assert.equal(notAdmin.code, 3);
    assert.match(notAdmin.stderr, /Only the server's admins/);
  });

  test('report is refused before the start and accepted during the session; admin reports lists it', async () => {
    for (const who of [ada, bob]) assert.equal((await runCowork(who, ['book', '50m', '2030-01-07T14:00:00Z'])).code, 0);
    const early = await runCowork(ada, ['report', 'next', '--reason', 'no-show']);
    assert.equal(early.code, 3);
    assert.match(early.stderr, /can be reported once it starts/);

    await server.stop();
    await start(DURING);
    [root, ada, bob] = [at(root, DURING), at(ada, DURING), at(bob, DURING)];
    const made = await runCowork(ada, ['report', 'next', '--reason', 'no-show', '--note', 'camera off, silent', '--json']);
    assert.equal(made.code, 0, made.stderr);
    assert.equal((JSON.parse(made.stdout) as { blocked: boolean }).blocked, true);
    assert.match(made.stderr, /Reported Bob/);
    const byName = await runCowork(ada, ['report', 'next', '--reason', 'other', '--user', 'bob']);
    assert.equal(byName.code, 0, byName.stderr);
    const stranger = await runCowork(ada, ['report', 'next', '--reason', 'other', '--user', 'Nobody']);
    assert.equal(stranger.code, 2);

    const listed = await runCowork(root, ['admin', 'reports', '--json']);
    const reports = JSON.parse(listed.stdout) as { reason: string; note: string; reported: { email: string } }[];
    assert.deepEqual(reports.map((r) => [r.reason, r.reported.email]), [['no-show', bob.email]], 'one report per reporter, person and session: the first');
    assert.equal(reports[0]?.note, 'camera off, silent');
    const table = await runCowork(root, ['admin', 'reports'], { env: { COLUMNS: '200' } });
    assert.match(table.stdout, /no-show\s+Bob/);
  });

  test('admin suspend locks the person out (log-in names it after the right password); unsuspend lets them back', async () => {
    const bobId = await idOf(bob);
    const suspended = await runCowork(root, ['admin', 'suspend', bobId, '--reason', 'no-shows']);
    assert.equal(suspended.code, 0, suspended.stderr);
    assert.equal((await runCowork(bob, ['whoami'])).code, 4);
    const login = await runCowork(bob, ['login', '--email', bob.email, '--password-stdin'], { input: PASSWORD });
    assert.equal(login.code, 3);
    assert.match(login.stderr, /suspended: no-shows/);
    assert.equal((await runCowork(root, ['admin', 'unsuspend', bobId])).code, 0);
    assert.equal((await runCowork(bob, ['login', '--email', bob.email, '--password-stdin'], { input: PASSWORD })).code, 0);
  });

  test('admin suspend and unsuspend take an email in any case; a name or an unknown email exits 2 saying what to give instead', async () => {
    const bobId = await idOf(bob);
    const byName = await runCowork(root, ['admin', 'suspend', 'Bob', '--reason', 'spam']);
    assert.equal(byName.code, 2);
    assert.match(byName.stderr, /"Bob" is neither an email nor a person's id/);
    assert.match(byName.stderr, /by their email/);
    const unknown = await runCowork(root, ['admin', 'suspend', 'nobody@example.com', '--reason', 'spam']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Nobody on this server has the email nobody@example\.com/);
    assert.equal((await runCowork(bob, ['whoami'])).code, 0);

    const suspended = await runCowork(root, ['admin', 'suspend', bob.email.toUpperCase(), '--reason', 'spam', '--json']);
    assert.equal(suspended.code, 0, suspended.stderr);
    assert.equal((JSON.parse(suspended.stdout) as { userId: string }).userId, bobId);
    assert.match(suspended.stderr, new RegExp(`Suspended Bob <${bob.email.replace(/[.+]/g, '\\$&')}>`, 'i'));
    assert.equal((await runCowork(bob, ['whoami'])).code, 4);
    const lifted = await runCowork(root, ['admin', 'unsuspend', bob.email]);
    assert.equal(lifted.code, 0, lifted.stderr);
    assert.match(lifted.stderr, /Lifted the suspension of Bob </);
    assert.equal((await runCowork(bob, ['login', '--email', bob.email, '--password-stdin'], { input: PASSWORD })).code, 0);
  });

  test('someone who is not an admin cannot look people up by email: admin suspend <email> is refused', async () => {
    const refused = await runCowork(bob, ['admin', 'suspend', root.email, '--reason', 'x']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /admins/i);
  });

  test('passwd at a terminal asks the current and the new password and logs out the other devices', async () => {
    const elsewhere = { ...person(server.url, { COWORK_NOW: DURING }), email: ada.email };
    assert.equal((await runCowork(elsewhere, ['login', '--email', ada.email, '--password-stdin'], { input: PASSWORD })).code, 0);
    const term = inTerminal(ada, ['passwd']);
    await term.expect(/Current password:/);
    term.type(`${PASSWORD}${KEY.enter}`);
    await term.expect(/Password:/);
    term.type(`a brand new secret${KEY.enter}`);
    await term.expect(/Password again:/);
    term.type(`a brand new secret${KEY.enter}`);
    await term.expect(/Password changed/);
    assert.equal(await term.exited(), 0);
    assert.equal((await runCowork(ada, ['whoami'])).code, 0);
    assert.equal((await runCowork(elsewhere, ['whoami'])).code, 4);
  });

  test('logout --all ends every device', async () => {
    const other = { ...person(server.url, { COWORK_NOW: DURING }), email: bob.email };
    assert.equal((await runCowork(other, ['login', '--email', bob.email, '--password-stdin'], { input: PASSWORD })).code, 0);
    const out = await runCowork(bob, ['logout', '--all']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal((await runCowork(other, ['whoami'])).code, 4);
  });

  test('delete-account needs --yes off a terminal, then deletes; the email no longer logs in', async () => {
    const unconfirmed = await runCowork(ada, ['delete-account', '--password-stdin'], { input: 'a brand new secret' });
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /--yes/);
    const wrong = await runCowork(ada, ['delete-account', '--password-stdin', '--yes'], { input: 'not it' });
    assert.equal(wrong.code, 3);
    const deleted = await runCowork(ada, ['delete-account', '--password-stdin', '--yes'], { input: 'a brand new secret' });
    assert.equal(deleted.code, 0, deleted.stderr);
    const login = await runCowork(ada, ['login', '--email', ada.email, '--password-stdin'], { input: 'a brand new secret' });
    assert.equal(login.code, 4);
  });

  test('delete-account at a terminal asks first; declining deletes nothing and exits 1', async () => {
    const term = inTerminal(root, ['delete-account']);
    await term.expect(/Delete the account Root/);
    term.type(`n${KEY.enter}`);
    await term.expect(/Nothing deleted\./);
    assert.equal(await term.exited(), 1);
    assert.equal((await runCowork(root, ['whoami'])).code, 0);
  });
});
