import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { COWORK_BIN, startServerProcess } from '../helpers/server-process.js';

/** `cowork serve` reads COWORK_SMTP_URL and COWORK_MAIL_FROM at start (SPEC §14): checked, or refused with exit 2. */
const dir = mkdtempSync(join(tmpdir(), 'cowork-mail-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function serve(env: Record<string, string>) {
  return spawnSync(process.execPath, [COWORK_BIN, 'serve', '--port', '0', '--db', join(dir, 'refused.db')], {
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000,
  });
}

describe('mail settings at start', () => {
  const refusals: [string, Record<string, string>, RegExp][] = [
    ['a URL of another scheme', { COWORK_SMTP_URL: 'http://mail.example.org', COWORK_MAIL_FROM: 'cowork@example.org' }, /COWORK_SMTP_URL must start with smtp:\/\/ \(STARTTLS\) or smtps:\/\/ \(TLS\), not http:\/\//],
    ['text that is no URL', { COWORK_SMTP_URL: 'mail.example.org:587', COWORK_MAIL_FROM: 'cowork@example.org' }, /COWORK_SMTP_URL must/],
    ['a user without a password', { COWORK_SMTP_URL: 'smtps://me@mail.example.org', COWORK_MAIL_FROM: 'cowork@example.org' }, /both a user and a password/],
    ['a From that is no address', { COWORK_SMTP_URL: 'smtps://me:pw@mail.example.org', COWORK_MAIL_FROM: 'cowork' }, /COWORK_MAIL_FROM must be an address/],
    ['an SMTP URL without a From', { COWORK_SMTP_URL: 'smtps://me:pw@mail.example.org' }, /needs both COWORK_SMTP_URL and COWORK_MAIL_FROM; COWORK_MAIL_FROM is missing/],
  ];
  for (const [what, env, message] of refusals) {
    test(`${what} stops the server with exit 2 and says what to write`, () => {
      const run = serve(env);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /:pw@/, 'the password is never printed');
      assert.equal(run.stdout, '');
    });
  }

  test('without mail settings the server says once, at start, that mail is off', async () => {
    const server = await startServerProcess();
    try {
      assert.equal(server.stderr().match(/mail is off/g)?.length, 1, server.stderr());
    } finally {
      await server.stop();
    }
  });

  test('with them it names the SMTP server and the From, never the password', async () => {
    const server = await startServerProcess({ env: { COWORK_SMTP_URL: 'smtp://me:secret@127.0.0.1:2525', COWORK_MAIL_FROM: 'cowork <cowork@example.org>', COWORK_ADMINS: 'admin@ex.test' } });
    try {
      assert.match(server.stderr(), /mail goes out through smtp:\/\/127\.0\.0\.1:2525 from cowork <cowork@example\.org>/);
      assert.doesNotMatch(server.stderr(), /secret/);
    } finally {
      await server.stop();
    }
  });
});
