import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createClient } from '@libsql/client';
import { accountThrottleKey } from '../../api/storage/login-attempts.js';
import { acceptsCallCredential } from '../../api/storage/users.js';
import { PasswordQueue } from '../../api/accounts/password-queue.js';
import { createHarness, type Harness } from './harness.js';

const PASSWORD = 'correct horse battery';
const SLOT = '2030-01-07T14:00:00.000Z';
type Json = Record<string, any>;
const json = async (response: Response): Promise<Json> => (await response.json()) as Json;

async function logIn(h: Harness, email: string, password = PASSWORD): Promise<Response> {
  return h.request('POST', '/v1/tokens', { body: { email, password } });
}

/** Every value of every row of every table, as one string per table, read through its own connection. */
async function everyValue(dbUrl: string): Promise<Map<string, string>> {
  const client = createClient({ url: dbUrl });
  try {
    const tables = await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table'`);
    const values = new Map<string, string>();
    for (const { name } of tables.rows) {
      const rows = await client.execute(`SELECT * FROM "${String(name)}"`);
      values.set(String(name), JSON.stringify(rows.rows));
    }
    return values;
  } finally {
    client.close();
  }
}

describe('your own account', () => {
  let h: Harness;
  // The server's scrypt: password changes and their throttle are under test here.
  beforeEach(async () => { h = await createHarness(undefined, undefined, { passwords: new PasswordQueue() }); });
  afterEach(() => h.close());

  test('a password change needs the current password and revokes every other token and call link', async () => {
    const ada = await h.signUp('Ada');
    const other = (await json(await logIn(h, ada.email))).token as string;
    const issuedAt = h.clock.now();
    h.clock.advance(1);

    const wrong = await h.request('PATCH', '/v1/me', { token: ada.token, body: { password: 'a new long password', currentPassword: 'nope' } });
    assert.equal(wrong.status, 403);
    assert.equal((await h.request('GET', '/v1/me', { token: other })).status, 200, 'a wrong current password changes nothing');
    const missing = await h.request('PATCH', '/v1/me', { token: ada.token, body: { password: 'a new long password' } });
    assert.equal(missing.status, 400);

    const changed = await h.request('PATCH', '/v1/me', { token: ada.token, body: { password: 'a new long password', currentPassword: PASSWORD } });
    assert.equal(changed.status, 200);
    assert.equal((await h.request('GET', '/v1/me', { token: ada.token })).status, 200, 'the asking token keeps working');
    assert.equal((await h.request('GET', '/v1/me', { token: other })).status, 401);
    assert.equal(await acceptsCallCredential(h.db, ada.id, issuedAt), false);
    assert.equal((await logIn(h, ada.email)).status, 401);
    assert.equal((await logIn(h, ada.email, 'a new long password')).status, 201);
  });

  test('a password change without currentPassword is 400 naming it, a wrong one 403, and README and /openapi.json say so', async () => {
    const ada = await h.signUp('Ada');
    const missing = await h.request('PATCH', '/v1/me', { token: ada.token, body: { password: 'a new long password' } });
    assert.equal(missing.status, 400);
    assert.deepEqual((await json(missing)).errors.map((e: Json) => e.path), ['currentPassword']);
    const wrong = await h.request('PATCH', '/v1/me', { token: ada.token, body: { password: 'a new long password', currentPassword: 'nope' } });
    assert.equal(wrong.status, 403);
    assert.equal((await json(wrong)).type, 'urn:cowork:problem:wrong-password');

    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| `GET /v1/me`, `PATCH /v1/me`')) ?? '';
    assert.match(row, /without it 400 naming the field/);
    assert.match(row, /a wrong one 403/);
    const document = await json(await h.request('GET', '/openapi.json'));
    assert.match(document.paths['/v1/me'].patch.description, /400 naming it when missing, 403 when wrong/);
  });

  test('log out everywhere revokes every token, the asking one too, and every call link', async () => {
    const ada = await h.signUp('Ada');
    const other = (await json(await logIn(h, ada.email))).token as string;
    const issuedAt = h.clock.now();
    h.clock.advance(1);
    assert.equal((await h.request('DELETE', '/v1/tokens', { token: ada.token })).status, 204);
    for (const token of [ada.token, other]) assert.equal((await h.request('GET', '/v1/me', { token })).status, 401);
    const fresh = (await json(await logIn(h, ada.email))).token as string;
    assert.equal((await h.request('GET', '/v1/me', { token: fresh })).status, 200);
    assert.equal(await acceptsCallCredential(h.db, ada.id, issuedAt), false);
  });

  test('deleting the account leaves no personal data in any table; partners keep a readable history; the email is free', async () => {
    const ada = await h.signUp('Zelda');
    const bob = await h.signUp('Bob');
    const cy = await h.signUp('Cy');
    const secretTask = 'write the zanzibar memo';
    await h.book(ada.token, SLOT, 50, secretTask);
    const bobPast = (await json(await h.book(bob.token, SLOT))).id as string;
    const later = '2030-01-08T09:00:00.000Z';
    await h.book(ada.token, later, 50, secretTask);
    const bobLater = (await json(await h.book(bob.token, later))).id as string;
    await h.book(cy.token, later);
    await logIn(h, ada.email);
    assert.equal((await logIn(h, ada.email, 'a wrong guess')).status, 401);
    const throttleKey = await accountThrottleKey(h.db, ada.email);
    const counted = await h.inspect().execute({ sql: 'SELECT COUNT(*) AS n FROM rate_limits WHERE key LIKE ?', args: [`${throttleKey}%`] });
    assert.ok(Number(counted.rows[0]!.n) > 0, 'the failed log-in is counted under the email\'s key');
    h.clock.set('2030-01-07T15:00:00.000Z');
    const adaPast = (await h.inspect().execute({ sql: 'SELECT id FROM sessions WHERE user_id = ? AND start_at = ?', args: [ada.id, Date.parse(SLOT)] })).rows[0]!.id as string;
    const report = await h.request('POST', '/v1/reports', { token: ada.token, body: { userId: bob.id, sessionId: adaPast, reason: 'other', note: 'zanzibar note' } });
    assert.equal(report.status, 201);

    await h.inspect().execute({
      sql: `INSERT INTO webhooks (id, user_id, url, secret, events, created_at) VALUES ('wh1', ?, 'https://zanzibar.example/hook', 's', '[]', 0)`,
      args: [ada.id],
    });
    // A busy calendar (SPEC §15): its secret address and an event's title are hers.
    await h.inspect().batch([
      { sql: `INSERT INTO busy_calendars (user_id, url, created_at, next_fetch_at) VALUES (?, 'https://zanzibar.example/cal.ics', 0, 0)`, args: [ada.id] },
      { sql: `INSERT INTO busy_intervals (user_id, start_at, end_at, event_start_at, event_end_at, title) VALUES (?, 1, 2, 1, 2, 'Zanzibar clinic')`, args: [ada.id] },
    ], 'write');
    const wrong = await h.request('DELETE', '/v1/me', { token: ada.token, body: { password: 'nope' } });
    assert.equal(wrong.status, 403);
    assert.equal((await h.request('DELETE', '/v1/me', { token: ada.token, body: { password: PASSWORD } })).status, 204);

    const past = await json(await h.request('GET', `/v1/sessions/${bobPast}`, { token: bob.token }));
    assert.equal(past.partner.name, 'a former member');
    const next = await json(await h.request('GET', `/v1/sessions/${bobLater}`, { token: bob.token }));
    assert.equal(next.status, 'matched', 'the partner of a future session is re-paired at once');
    assert.equal(next.partner.id, cy.id);
    const partners = await json(await h.request('GET', '/v1/partners', { token: bob.token }));
    assert.ok(partners.data.some((partner: Json) => partner.id === ada.id && partner.name === 'a former member'));

    const values = await everyValue(h.dbUrl);
    for (const [table, text] of values) {
      for (const personal of ['Zelda', ada.email, 'zanzibar']) assert.ok(!text.toLowerCase().includes(personal.toLowerCase()), `${table} still holds ${personal}`);
    }
    const userRow = await h.inspect().execute({ sql: 'SELECT password_hash FROM users WHERE id = ?', args: [ada.id] });
    assert.equal(userRow.rows[0]!.password_hash, '');
    for (const table of ['tokens', 'known_login_addresses', 'idempotency_keys']) {
      const left = await h.inspect().execute({ sql: `SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`, args: [ada.id] });
      assert.equal(Number(left.rows[0]!.n), 0, table);
    }
    const again = await h.request('POST', '/v1/users', { body: { name: 'Zelda', email: ada.email, password: PASSWORD } });
    assert.equal(again.status, 201, 'the email is free again');
  });
  test('wrong current passwords at PATCH and DELETE /v1/me meet the log-in throttle: the sixth try is 429, even with the right password', async () => {
    const ada = await h.signUp('Ada');
    const rightFirst = await h.request('PATCH', '/v1/me', { token: ada.token, body: { password: 'a new long password', currentPassword: PASSWORD } });
    assert.equal(rightFirst.status, 200, 'a right password is not counted');
    for (let attempt = 0; attempt < 5; attempt++) {
      const route = attempt % 2 === 0 ? 'PATCH' : 'DELETE';
      const body = route === 'PATCH' ? { password: 'yet another password', currentPassword: 'a guess' } : { password: 'a guess' };
      assert.equal((await h.request(route, '/v1/me', { token: ada.token, body })).status, 403);
    }
    const locked = await h.request('DELETE', '/v1/me', { token: ada.token, body: { password: 'a new long password' } });
    assert.equal(locked.status, 429);
    assert.ok((await json(locked)).retryAt, 'the refusal says when to try again');
    assert.equal((await h.request('GET', '/v1/me', { token: ada.token })).status, 200, 'nothing was deleted');
  });
});
