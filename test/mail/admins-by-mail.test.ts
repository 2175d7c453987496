import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeIn, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { mailTo, startMailingServer } from './mail-kit.js';

/**
 * COWORK_ADMINS with mail on (SPEC §16): the rights follow a verified address, never an email typed
 * at sign-up. Issue 20's hole: `ADMIN@ex.test` signing up on an invite-only server got in and made invites.
 */
let sink: SmtpSink;
before(async () => (sink = await startSmtpSink()));
after(() => sink.stop());

const post = (server: ServerProcess, path: string, body: unknown, token?: string) => fetch(`${server.url}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
});

describe('COWORK_ADMINS on a server that sends mail', () => {
  test('on an invite-only server, ADMIN@ex.test signing up without an invite gets no account', async () => {
    const server = await startMailingServer(sink, { COWORK_ADMINS: 'admin@ex.test', COWORK_SIGNUP: 'invite' });
    try {
      const response = await post(server, '/v1/users', { name: 'Mallory', email: 'ADMIN@ex.test', password: 'correct horse battery' });
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as { type: string }).type, 'urn:cowork:problem:invite-required');
    } finally {
      await server.stop();
    }
  });

  test('an account with a listed address has no admin rights until the address is verified, then has them', { timeout: 60_000 }, async () => {
    const server = await startMailingServer(sink, { COWORK_ADMINS: 'someone@ex.test, admin@ex.test' });
    try {
      const signedUp = await post(server, '/v1/users', { name: 'Admin', email: 'ADMIN@ex.test', password: 'correct horse battery' });
      assert.equal(signedUp.status, 201);
      const { token } = (await signedUp.json()) as { token: string };
      const makeInvite = () => post(server, '/v1/admin/invites', { days: 7 }, token);
      const refused = await makeInvite();
      assert.equal(refused.status, 403, 'unverified: nothing');
      assert.equal(((await refused.json()) as { type: string }).type, 'urn:cowork:problem:admins-only');
      const code = codeIn(await mailTo(sink, 'ADMIN@ex.test'));
      assert.equal((await post(server, '/v1/me/mail/verification', { code }, token)).status, 200);
      assert.equal((await makeInvite()).status, 201, 'verified: an admin');

      const other = await post(server, '/v1/users', { name: 'Other', email: 'other@ex.test', password: 'correct horse battery' });
      const otherToken = ((await other.json()) as { token: string }).token;
      assert.equal((await post(server, '/v1/me/mail/verification', { code: codeIn(await mailTo(sink, 'other@ex.test')) }, otherToken)).status, 200);
      assert.equal((await post(server, '/v1/admin/invites', { days: 7 }, otherToken)).status, 403, 'a verified address not in the list: nothing');
    } finally {
      await server.stop();
    }
  });
});
