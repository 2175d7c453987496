import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Community } from '../../api/config/community.js';
import { acceptsCallCredential } from '../../api/storage/users.js';
import { signUpAdmin } from './admin-fixtures.js';
import { createHarness, type Harness } from './harness.js';

const SLOT = '2030-01-07T14:00:00.000Z';
type Json = Record<string, any>;
const json = async (response: Response): Promise<Json> => (await response.json()) as Json;

const admin = (h: Harness) => signUpAdmin(h);

async function pairedSession(h: Harness, a: { token: string }, b: { token: string }, start = SLOT): Promise<string> {
  const mine = await json(await h.book(a.token, start));
  const theirs = await json(await h.book(b.token, start));
  assert.equal(theirs.status, 'matched');
  return mine.id as string;
}

describe('reports', () => {
  let h: Harness;
  beforeEach(async () => { h = await createHarness(); });
  afterEach(() => h.close());

  test('a partner of the session can be reported from its start until 48 hours after its end', async () => {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const sessionId = await pairedSession(h, ada, bob);
    const body = { userId: bob.id, sessionId, reason: 'no-show' };

    const early = await h.request('POST', '/v1/reports', { token: ada.token, body });
    assert.equal(early.status, 409);
    const refusal = await json(early);
    assert.equal(refusal.type, 'urn:cowork:problem:report-window');
    assert.equal(refusal.opensAt, SLOT);
    assert.equal(refusal.closesAt, '2030-01-09T14:50:00.000Z');

    h.clock.set('2030-01-09T14:50:01.000Z');
    assert.equal((await h.request('POST', '/v1/reports', { token: ada.token, body })).status, 409);

    h.clock.set('2030-01-09T14:49:00.000Z');
    const made = await h.request('POST', '/v1/reports', { token: ada.token, body: { ...body, note: 'never came' } });
    assert.equal(made.status, 201);
    assert.equal((await json(made)).blocked, true);
    const blocks = await json(await h.request('GET', '/v1/blocks', { token: ada.token }));
    assert.deepEqual(blocks.data.map((person: Json) => person.id), [bob.id]);
  });

  test('someone never paired with you in that session cannot be reported (404)', async () => {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const cy = await h.signUp('Cy');
    const sessionId = await pairedSession(h, ada, bob);
    h.clock.set('2030-01-07T14:10:00.000Z');
    const stranger = await h.request('POST', '/v1/reports', { token: ada.token, body: { userId: cy.id, sessionId, reason: 'other' } });
    assert.equal(stranger.status, 404);
    const notMine = await h.request('POST', '/v1/reports', { token: cy.token, body: { userId: bob.id, sessionId, reason: 'other' } });
    assert.equal(notMine.status, 404);
  });

  test('a partner from a pair dissolved since still counts: the session, not the pair, is what is reported', async () => {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const cy = await h.signUp('Cy');
    const sessionId = await pairedSession(h, ada, bob);
    const bobSession = (await json(await h.request('GET', '/v1/sessions/next', { token: bob.token }))).id as string;
    assert.equal((await h.request('DELETE', `/v1/sessions/${bobSession}`, { token: bob.token })).status, 200);
    assert.equal((await json(await h.book(cy.token, SLOT))).status, 'matched');
    h.clock.set('2030-01-07T14:10:00.000Z');
    for (const person of [bob, cy]) {
      const made = await h.request('POST', '/v1/reports', { token: ada.token, body: { userId: person.id, sessionId, reason: 'inappropriate' } });
      assert.equal(made.status, 201, person.id);
    }
  });

  test('admins read reports newest first with both people and the session, a page at a time', async () => {
    const root = await admin(h);
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const sessionId = await pairedSession(h, ada, bob);
    h.clock.set('2030-01-07T14:10:00.000Z');
    await h.request('POST', '/v1/reports', { token: ada.token, body: { userId: bob.id, sessionId, reason: 'no-show', note: 'first' } });
    h.clock.advance(1);
    const bobsSession = (await json(await h.request('GET', '/v1/sessions?from=2030-01-01T00:00:00Z&status=waiting,matched,cancelled', { token: bob.token }))).data[0].id;
    await h.request('POST', '/v1/reports', { token: bob.token, body: { userId: ada.id, sessionId: bobsSession, reason: 'other', note: 'second' } });

    const first = await json(await h.request('GET', '/v1/admin/reports?limit=1', { token: root }));
    assert.equal(first.data[0].note, 'second');
    assert.equal(first.data[0].reporter.name, 'Bob');
    assert.equal(first.data[0].reported.id, ada.id);
    assert.equal(first.data[0].session.id, bobsSession);
    const second = await json(await h.request('GET', `/v1/admin/reports?limit=1&cursor=${first.nextCursor}`, { token: root }));
    assert.equal(second.data[0].note, 'first');
    assert.equal(second.nextCursor, null);
  });
});

describe('admin routes', () => {
  let h: Harness;
  beforeEach(async () => { h = await createHarness(); });
  afterEach(() => h.close());

  test('anyone but an admin gets 403 and learns nothing, not even whether the user exists or the body is valid', async () => {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const answers = await Promise.all([
      h.request('GET', '/v1/admin/reports', { token: ada.token }),
      h.request('POST', `/v1/admin/users/${bob.id}/suspension`, { token: ada.token, body: { reason: 'x' } }),
      h.request('POST', '/v1/admin/users/nobody/suspension', { token: ada.token, body: { reason: 'x' } }),
      h.request('POST', '/v1/admin/users/nobody/suspension', { token: ada.token, body: { wrong: true } }),
      h.request('DELETE', `/v1/admin/users/${bob.id}/suspension`, { token: ada.token }),
      h.request('POST', '/v1/admin/invites', { token: ada.token, body: {} }),
      h.request('GET', `/v1/admin/users?email=${encodeURIComponent(bob.email)}`, { token: ada.token }),
      h.request('GET', '/v1/admin/users?email=not-an-email', { token: ada.token }),
    ]);
    const bodies = await Promise.all(answers.map(json));
    assert.deepEqual(answers.map((a) => a.status), [403, 403, 403, 403, 403, 403, 403, 403]);
    // The same refusal but for its requestId, which names each request.
    assert.equal(new Set(bodies.map(({ requestId: _, ...refusal }) => JSON.stringify(refusal))).size, 1);
  });

  test('an admin finds a person by email in any case, with their id and whether they are suspended; nobody is an empty list', async () => {
    const root = await admin(h);
    const bob = await h.signUp('Bob');
    const lookup = async (email: string) => h.request('GET', `/v1/admin/users?email=${encodeURIComponent(email)}`, { token: root });
    const found = await lookup(bob.email.toUpperCase());
    assert.equal(found.status, 200);
    assert.deepEqual(await json(found), { data: [{ id: bob.id, name: 'Bob', email: bob.email, suspended: false }] });
    await h.request('POST', `/v1/admin/users/${bob.id}/suspension`, { token: root, body: { reason: 'spam' } });
    assert.equal((await json(await lookup(bob.email))).data[0].suspended, true);
    assert.deepEqual(await json(await lookup('nobody@example.com')), { data: [] });
    const notEmail = await lookup('Bob');
    assert.equal(notEmail.status, 400);
    assert.match(JSON.stringify(await json(notEmail)), /email/);
  });
});

describe('suspension', () => {
  let h: Harness;
  beforeEach(async () => { h = await createHarness(); });
  afterEach(() => h.close());

  test('cancels future sessions and re-pairs partners where someone waits, else they wait; tokens and call links die', async () => {
    const root = await admin(h);
    const mal = await h.signUp('Mal');
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const cy = await h.signUp('Cy');
    const later = '2030-01-07T16:00:00.000Z';
    await pairedSession(h, mal, ada);
    await pairedSession(h, mal, bob, later);
    await h.book(cy.token, SLOT); // waits at Ada's slot: she is re-paired with Cy
    const linkIssuedAt = h.clock.now();
    h.clock.advance(1);

    const answer = await h.request('POST', `/v1/admin/users/${mal.id}/suspension`, { token: root, body: { reason: 'harassment' } });
    assert.equal(answer.status, 200);
    assert.equal((await json(answer)).reason, 'harassment');

    const adaNext = await json(await h.request('GET', '/v1/sessions/next', { token: ada.token }));
    assert.equal(adaNext.status, 'matched');
    assert.equal(adaNext.partner.id, cy.id);
    const bobNext = await json(await h.request('GET', '/v1/sessions/next', { token: bob.token }));
    assert.equal(bobNext.status, 'waiting');
    const malSessions = await h.inspect().execute({ sql: `SELECT status FROM sessions WHERE user_id = ?`, args: [mal.id] });
    assert.deepEqual(malSessions.rows.map((r) => r.status), ['cancelled', 'cancelled']);

    assert.equal((await h.request('GET', '/v1/me', { token: mal.token })).status, 401);
    assert.equal(await acceptsCallCredential(h.db, mal.id, linkIssuedAt), false);
    assert.equal(await acceptsCallCredential(h.db, ada.id, linkIssuedAt), true);
  });

  test('log-in names the suspension only after the right password; lifting it lets the person in again', async () => {
    const root = await admin(h);
    const mal = await h.signUp('Mal');
    await h.request('POST', `/v1/admin/users/${mal.id}/suspension`, { token: root, body: { reason: 'spam' } });
    const wrong = await h.request('POST', '/v1/tokens', { body: { email: mal.email, password: 'not the password' } });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(await wrong.text(), /suspend/i);
    const right = await h.request('POST', '/v1/tokens', { body: { email: mal.email, password: 'correct horse battery' } });
    assert.equal(right.status, 403);
    const refusal = await json(right);
    assert.equal(refusal.type, 'urn:cowork:problem:account-suspended');
    assert.match(refusal.detail, /spam/);

    assert.equal((await h.request('DELETE', `/v1/admin/users/${mal.id}/suspension`, { token: root })).status, 204);
    assert.equal((await h.request('POST', '/v1/tokens', { body: { email: mal.email, password: 'correct horse battery' } })).status, 201);
  });

  test('suspending someone unknown is 404 for an admin', async () => {
    const root = await admin(h);
    assert.equal((await h.request('POST', '/v1/admin/users/nobody/suspension', { token: root, body: { reason: 'x' } })).status, 404);
  });
});

describe('invite-only sign-up', () => {
  let h: Harness;
  // Open while the operator signs up and grants themselves, as README says to start such a server.
  let community: Community;
  beforeEach(async () => {
    community = { signup: 'open' };
    h = await createHarness(undefined, undefined, { community });
  });
  afterEach(() => h.close());

  const signUp = (email: string, invite?: string) =>
    h.request('POST', '/v1/users', { body: { name: 'New', email, password: 'correct horse battery', ...(invite ? { invite } : {}) } });

  test('needs a valid code: a used one, an expired one and none are refused', async () => {
    const root = await admin(h);
    community.signup = 'invite';
    const makeInvite = async (days: number) => (await json(await h.request('POST', '/v1/admin/invites', { token: root, body: { days } }))).code as string;
    const valid = await makeInvite(7);
    const shortLived = await makeInvite(1);

    const none = await signUp('a@example.org');
    assert.equal(none.status, 403);
    assert.equal((await json(none)).type, 'urn:cowork:problem:invite-required');
    assert.equal((await signUp('a@example.org', 'made-up')).status, 403);

    assert.equal((await signUp('a@example.org', valid)).status, 201);
    const used = await signUp('b@example.org', valid);
    assert.equal(used.status, 403);
    assert.match((await json(used)).detail, /already been used/);

    h.clock.advance(24 * 60 + 1);
    const expired = await signUp('c@example.org', shortLived);
    assert.equal(expired.status, 403);
    assert.match((await json(expired)).detail, /expired/);
    const written = await h.inspect().execute(`SELECT email FROM users WHERE email IN ('b@example.org', 'c@example.org')`);
    assert.equal(written.rows.length, 0);
    const stored = await h.inspect().execute('SELECT code_hash FROM invites');
    assert.ok(stored.rows.every((row) => row.code_hash !== valid && row.code_hash !== shortLived), 'codes are stored hashed');
  });
});
