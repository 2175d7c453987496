import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Community } from '../../api/config/community.js';
import { grantAdmin, listAdmins, revokeAdmin } from '../../api/storage/admins.js';
import { Database } from '../../api/storage/engine/database.js';
import { createHarness, json, type Harness } from './harness.js';

/**
 * Admin rights come from the operator's grant in the database (SPEC §16), never from the email an
 * account signed up with: nothing proves that an email belongs to the person typing it.
 */
const PASSWORD = 'correct horse battery';
const OPERATOR = 'operator@test';

let h: Harness;
let community: Community;
beforeEach(async () => {
  community = { signup: 'open' };
  h = await createHarness(undefined, undefined, { community });
});
afterEach(() => h.close());

const signUp = (email: string, invite?: string) =>
  h.request('POST', '/v1/users', { body: { name: 'Someone', email, password: PASSWORD, ...(invite ? { invite } : {}) } });
const reports = (token: string) => h.request('GET', '/v1/admin/reports', { token });
const accountsWith = async (email: string) =>
  (await h.inspect().execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows.length;

describe('who is an admin', () => {
  test('signing up with the operator\'s email, in any case, grants nothing: admin routes answer 403 until that account is granted', async () => {
    const claimed = await signUp('ADMIN@ex.test');
    assert.equal(claimed.status, 201);
    const { token } = await json<{ token: string }>(claimed);
    const refused = await reports(token);
    assert.equal(refused.status, 403);
    const problem = await json(refused);
    assert.equal(problem.type, 'urn:cowork:problem:admins-only');
    assert.match(problem.detail, /cowork admin grant <email> --db/);
    assert.doesNotMatch(problem.detail, /COWORK_ADMINS/);

    const granted = await grantAdmin(h.db, 'admin@EX.TEST', OPERATOR, h.clock.now());
    assert.equal(granted?.grant.email, 'ADMIN@ex.test', 'the grant finds the account whatever the case');
    assert.equal(granted?.already, false);
    assert.equal((await reports(token)).status, 200);
  });

  test('on an invite-only server, a sign-up without an invite makes no account, also with an admin\'s email in another case', async () => {
    const root = await json<{ token: string }>(await signUp('root@ex.test'));
    await grantAdmin(h.db, 'root@ex.test', OPERATOR, h.clock.now());
    community.signup = 'invite';
    for (const email of ['ROOT@EX.TEST', 'admin@ex.test', 'Admin@Ex.Test']) {
      const answer = await signUp(email);
      assert.equal(answer.status, 403, email);
      assert.equal((await json(answer)).type, 'urn:cowork:problem:invite-required', email);
    }
    assert.equal(await accountsWith('admin@ex.test'), 0);
    const { code } = await json<{ code: string }>(await h.request('POST', '/v1/admin/invites', { token: root.token, body: {} }));
    const invited = await signUp('Admin@Ex.Test', code);
    assert.equal(invited.status, 201);
    assert.equal((await reports((await json<{ token: string }>(invited)).token)).status, 403, 'an invited account is no admin either');
  });

  test('a revoke made through another connection holds from the next request, though the server keeps the credential in memory', async () => {
    const { token } = await json<{ token: string }>(await signUp('root@ex.test'));
    await grantAdmin(h.db, 'root@ex.test', OPERATOR, h.clock.now());
    assert.equal((await reports(token)).status, 200);
    assert.equal((await reports(token)).status, 200);

    const operator = await Database.open({ url: h.dbUrl });
    try {
      const ended = await revokeAdmin(operator, 'ROOT@ex.test');
      assert.equal(typeof ended === 'object' && ended.email, 'root@ex.test');
    } finally {
      operator.close();
    }
    assert.equal((await reports(token)).status, 403);
    assert.equal((await h.request('GET', '/v1/me', { token })).status, 200, 'the account itself stays signed in');
  });

  test('a deleted account\'s grant goes with it: its email signs up again as nobody special', async () => {
    const first = await json<{ token: string }>(await signUp('root@ex.test'));
    await grantAdmin(h.db, 'root@ex.test', OPERATOR, h.clock.now());
    assert.equal((await h.request('DELETE', '/v1/me', { token: first.token, body: { password: PASSWORD } })).status, 204);
    assert.deepEqual(await listAdmins(h.db), []);
    assert.equal((await h.inspect().execute('SELECT COUNT(*) AS n FROM admins')).rows[0]!.n, 0);

    const again = await json<{ token: string }>(await signUp('root@ex.test'));
    assert.equal((await reports(again.token)).status, 403);
  });
});

describe('grants on the database', () => {
  test('a grant names no one without an account; a second grant keeps the first; a revoke of a non-admin says so', async () => {
    assert.equal(await grantAdmin(h.db, 'nobody@ex.test', OPERATOR, h.clock.now()), undefined);
    assert.equal(await revokeAdmin(h.db, 'nobody@ex.test'), 'no-account');
    await signUp('ada@ex.test');
    assert.equal(await revokeAdmin(h.db, 'ada@ex.test'), 'not-admin');

    const first = await grantAdmin(h.db, 'ada@ex.test', OPERATOR, h.clock.now());
    h.clock.advance(60);
    const second = await grantAdmin(h.db, 'ADA@ex.test', 'someone-else@test', h.clock.now());
    assert.equal(second?.already, true);
    assert.deepEqual(second?.grant, first?.grant);
    assert.deepEqual((await listAdmins(h.db)).map((grant) => [grant.email, grant.grantedBy, grant.grantedAt]), [['ada@ex.test', OPERATOR, '2030-01-07T10:00:00.000Z']]);
  });
});
