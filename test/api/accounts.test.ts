import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PasswordQueue } from '../../api/accounts/password-queue.js';
import { createHarness, json, type Harness } from './harness.js';

describe('accounts and tokens', () => {
  let h: Harness;
  // The server's scrypt, whose stored form is under test here.
  before(async () => (h = await createHarness(undefined, undefined, { passwords: new PasswordQueue() })));
  after(() => h.close());

  test('POST /v1/users answers 201 with the user and a 256-bit token', async () => {
    const response = await h.request('POST', '/v1/users', {
      body: { name: 'Ada Lovelace', email: 'ada@example.org', password: 'analytical engine', timezone: 'Europe/London' },
    });
    assert.equal(response.status, 201);
    const body = await json(response);
    assert.deepEqual(Object.keys(body.user).sort(), ['activity', 'email', 'id', 'languages', 'matchWith', 'name', 'quiet', 'timezone']);
    assert.deepEqual([body.user.matchWith, body.user.activity, body.user.quiet], ['anyone', 'anything', false]);
    assert.equal(body.user.timezone, 'Europe/London');
    assert.match(body.token, /^cwk_[A-Za-z0-9_-]{43}$/);
  });

  test('the token is stored only as a hash and the password only as scrypt', async () => {
    const client = h.inspect();
    const tokens = await client.execute('SELECT hash FROM tokens');
    assert.ok(tokens.rows.every((row) => /^[0-9a-f]{64}$/.test(String(row.hash))));
    const users = await client.execute(`SELECT password_hash FROM users WHERE email = 'ada@example.org'`);
    assert.match(String(users.rows[0]!.password_hash), /^scrypt\$32768\$8\$1\$/);
  });

  test('a sign-up without a time zone defaults to UTC', async () => {
    const response = await h.request('POST', '/v1/users', { body: { name: 'Bob', email: 'bob@example.org', password: 'long enough' } });
    assert.equal((await json(response)).user.timezone, 'UTC');
  });

  test('an email already registered answers 409, whatever its case', async () => {
    const response = await h.request('POST', '/v1/users', { body: { name: 'Eve', email: 'ADA@example.org', password: 'something else' } });
    assert.equal(response.status, 409);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.match((await json(response)).detail, /already has an account/);
  });

  test('POST /v1/tokens logs in with the right password and GET /v1/me answers the user', async () => {
    const login = await h.request('POST', '/v1/tokens', { body: { email: 'ada@example.org', password: 'analytical engine', label: 'laptop' } });
    assert.equal(login.status, 201);
    const { token, user } = await json(login);
    const me = await h.request('GET', '/v1/me', { token });
    assert.equal(me.status, 200);
    assert.deepEqual(await json(me), user);
  });

  test('a wrong password answers 401', async () => {
    const response = await h.request('POST', '/v1/tokens', { body: { email: 'bob@example.org', password: 'not it at all' } });
    assert.equal(response.status, 401);
    assert.match((await json(response)).detail, /Wrong email or password/);
  });

  test('DELETE /v1/tokens/current answers 204 and the token stops working', async () => {
    const { token } = await json(await h.request('POST', '/v1/tokens', { body: { email: 'bob@example.org', password: 'long enough' } }));
    assert.equal((await h.request('DELETE', '/v1/tokens/current', { token })).status, 204);
    assert.equal((await h.request('GET', '/v1/me', { token })).status, 401);
  });

  test('a missing, malformed or unknown token answers 401 with a hint', async () => {
    const malformed: Record<string, string>[] = [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer cwk_forged' }];
    for (const headers of malformed) {
      const response = await h.request('GET', '/v1/me', { headers });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.ok((await json(response)).detail.length > 10);
    }
  });

  test('repeated failed log-ins are refused with 429 and Retry-After, even with the right password', async () => {
    await h.request('POST', '/v1/users', { body: { name: 'Carol', email: 'carol@example.org', password: 'right password' } });
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await h.request('POST', '/v1/tokens', { body: { email: 'carol@example.org', password: 'wrong password' } })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    const locked = await h.request('POST', '/v1/tokens', { body: { email: 'carol@example.org', password: 'right password' } });
    assert.equal(locked.status, 429);
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
  });

  test('the log-in lock lifts once its 15-minute window has passed', async () => {
    h.clock.advance(16);
    const response = await h.request('POST', '/v1/tokens', { body: { email: 'carol@example.org', password: 'right password' } });
    assert.equal(response.status, 201);
  });
});
