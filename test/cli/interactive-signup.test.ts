import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeTerminals, inTerminal, KEY } from './pty.js';
import { person, runCowork } from './run-cowork.js';

/**
 * `cowork signup` at a real terminal checks what needs no typing before any prompt: that the
 * server answers, and whether it signs people up by invite. An invite-only server, whose admin
 * (granted by the operator) makes the codes through the API.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
const ADMIN = `root-${process.pid}@example.org`;
let server: ServerProcess;
let adminToken: string;
const dir = mkdtempSync(join(tmpdir(), 'cowork-signup-'));

// The operator signs up while the server is open, grants their own account on its database, then
// restarts it invite-only (README, "Running a community").
before(async () => {
  const dbPath = join(dir, 'cowork.db');
  const open = await startServerProcess({ dbPath, env: NOW });
  const admin = person(open.url, NOW);
  const signedUp = await runCowork(admin, ['signup', '--name', 'Root', '--email', ADMIN, '--password-stdin'], { input: 'correct horse battery\n' });
  assert.equal(signedUp.code, 0, signedUp.stderr);
  adminToken = (await runCowork(admin, ['config', 'get', 'token'])).stdout.trim();
  const granted = await runCowork(undefined, ['admin', 'grant', ADMIN, '--db', dbPath]);
  assert.equal(granted.code, 0, granted.stderr);
  await open.stop();
  server = await startServerProcess({ dbPath, env: { ...NOW, COWORK_SIGNUP: 'invite' } });
});
after(async () => {
  closeTerminals();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function inviteCode(): Promise<string> {
  const response = await fetch(`${server.url}/v1/admin/invites`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ days: 7 }),
  });
  assert.equal(response.status, 201);
  return ((await response.json()) as { code: string }).code;
}

describe('signup checks before it asks', () => {
  test('against an unreachable server it exits 5 before any prompt', async () => {
    const term = inTerminal(person('http://127.0.0.1:9', NOW), ['signup']);
    assert.equal(await term.exited(), 5);
    assert.match(term.screen(), /Cannot reach the cowork server at http:\/\/127\.0\.0\.1:9/);
    assert.doesNotMatch(term.screen(), /Your name|Email:|Password/);
  });

  test('on an invite-only server it asks for the code first; a code refused is asked for again, keeping name, email and password', async () => {
    const email = `ada-${process.pid}@example.org`;
    const term = inTerminal(person(server.url, NOW), ['signup']);
    await term.expect(/signs people up with an invite code\.[\s\S]*Invite code/, 'the invite code asked first');
    assert.doesNotMatch(term.screen(), /Your name/);
    term.type(`not-a-code${KEY.enter}`);
    await term.expect(/Your name/);
    term.type(`Ada${KEY.enter}`);
    await term.expect(/Email:/);
    term.type(`${email}${KEY.enter}`);
    await term.expect(/Password:/);
    term.type(`correct horse${KEY.enter}`);
    await term.expect(/Password again:/);
    term.type(`correct horse${KEY.enter}`);
    await term.expect(/This invite code is unknown; ask the server's admins for one\.[\s\S]*Invite code/, 'the refusal, then the code asked again');
    const retried = term.screen().length;
    term.type(`${await inviteCode()}${KEY.enter}`);
    await term.expect(new RegExp(`Signed up and logged in as Ada <${email}>`));
    assert.equal(await term.exited(), 0);
    assert.doesNotMatch(term.screen().slice(retried), /Your name|Email:|Password/, 'nothing but the code is asked again');
  });

  test('off a terminal a bad invite code is refused in one sentence', async () => {
    const refused = await runCowork(person(server.url, NOW), ['signup', '--name', 'Bo', '--email', `bo-${process.pid}@example.org`, '--password-stdin', '--invite', 'not-a-code'], { input: 'correct horse battery\n' });
    assert.equal(refused.code, 3);
    assert.equal(refused.stderr, 'cowork: This invite code is unknown; ask the server\'s admins for one.\n');
  });
});
