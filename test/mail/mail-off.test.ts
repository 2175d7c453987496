import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from '@libsql/client';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { person, runCowork, signedUpPerson, type CoworkEnv } from '../cli/run-cowork.js';

/**
 * A server without COWORK_SMTP_URL (SPEC §14): today's behaviour, no mail at all, and every command
 * that needs mail says what to do instead.
 */
let server: ServerProcess;
let ada: CoworkEnv & { email: string };
before(async () => {
  server = await startServerProcess({ checkContract: true, env: { COWORK_NOW: '2030-01-07T13:20:00Z', COWORK_JOB_TICK_MS: '500' } });
  ada = await signedUpPerson(server.url, 'Ada');
});
after(async () => {
  await server.stop();
});

describe('a server that sends no mail', () => {
  test('sign-up works as before and queues no mail', async () => {
    assert.equal((await runCowork(ada, ['whoami'])).code, 0);
    const db = createClient({ url: `file:${server.dbPath}` });
    assert.equal(Number((await db.execute('SELECT count(*) AS n FROM mail_outbox')).rows[0]!.n), 0);
    db.close();
  });

  test('reset-password says, before any prompt, to use cowork passwd or ask the operator', async () => {
    const run = await runCowork(person(server.url), ['reset-password', '--email', ada.email]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /sends no mail, so it cannot send a reset code/);
    assert.match(run.stderr, /cowork passwd.*ask the server's operator/s);
  });

  test('the API refuses a reset with mail-off, naming what to do instead', async () => {
    const response = await fetch(`${server.url}/v1/password-resets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ada.email }) });
    assert.equal(response.status, 409);
    const problem = (await response.json()) as { type: string; detail: string };
    assert.equal(problem.type, 'urn:cowork:problem:mail-off');
    assert.match(problem.detail, /cowork passwd/);
  });

  const refusals: [string, string[], RegExp, string?][] = [
    ['verify', ['verify', 'ABCDE-FGHJK'], /sends no mail.*Nothing needs verifying/s],
    ['change-email', ['change-email', 'ada@example.net', '--password-stdin'], /sends no mail.*delete-account/s, 'correct horse battery'],
    ['settings --mail-reminder', ['settings', '--mail-reminder', '10m'], /sends no mail.*cowork watch/s],
  ];
  for (const [what, args, words, input] of refusals) {
    test(`${what} is refused (exit 3) and says what to do instead`, async () => {
      const run = await runCowork(ada, args, input === undefined ? {} : { input });
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, words);
    });
  }

  test('settings shows that mail is off here', async () => {
    assert.match((await runCowork(ada, ['settings'])).stdout, /mail +off on this server/);
  });
});
