import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../api/app.js';
import type { CallSettings } from '../../api/call/call-settings.js';
import { MAX_ATTENDANCE_EVENTS } from '../../api/storage/calls.js';
import { createHarness, json, type Harness } from '../api/harness.js';

const call: CallSettings = {
  jitsi: { mode: 'self-hosted', domain: 'meet.example.org', appId: 'cowork', appSecret: 's'.repeat(32) },
  secret: 'c'.repeat(43),
};

describe('call links and attendance', () => {
  let h: Harness;
  let app: ReturnType<typeof createApp>;
  const request = (method: string, path: string, auth?: string, body?: unknown) =>
    Promise.resolve(app.request(path, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
  /** Books a session at `start` for a new person and answers their token, the session and a call credential. */
  async function personInCall(name: string, start: string) {
    h.clock.set('2030-01-07T09:00:00.000Z');
    const person = await h.signUp(name);
    const { id } = await json(await h.book(person.token, start, 50));
    h.clock.set(start);
    const link = await json(await request('POST', `/v1/sessions/${id}/join`, person.token));
    return { ...person, sessionId: String(id), credential: new URL(String(link.url)).hash.slice(1) };
  }
  const attendanceRows = async (sessionId: string) =>
    (await h.inspect().execute({ sql: 'SELECT event FROM attendance WHERE session_id = ? ORDER BY id', args: [sessionId] })).rows.map((row) => String(row.event));

  before(async () => {
    h = await createHarness();
    app = createApp({ db: h.db, clock: h.clock, publicUrl: 'https://cowork.example.org', call, passwords: h.passwords });
  });
  after(() => h.close());

  test('a call link stops working once every token of its person is revoked, and stays dead after a new log-in', async () => {
    const ada = await personInCall('Ada', '2030-01-07T11:00:00.000Z');
    const login = await json(await request('POST', '/v1/tokens', undefined, { email: ada.email, password: 'correct horse battery' }));
    assert.equal((await request('GET', `/v1/calls/${ada.sessionId}`, ada.credential)).status, 200);
    assert.equal((await request('DELETE', '/v1/tokens/current', ada.token)).status, 204);
    assert.equal((await request('GET', `/v1/calls/${ada.sessionId}`, ada.credential)).status, 200, 'another token still lives');
    assert.equal((await request('DELETE', '/v1/tokens/current', String(login.token))).status, 204);
    const dead = await request('GET', `/v1/calls/${ada.sessionId}`, ada.credential);
    assert.equal(dead.status, 401);
    assert.match((await json(dead)).detail, /revoked/);
    assert.equal((await request('POST', `/v1/calls/${ada.sessionId}/attendance`, ada.credential, { event: 'joined' })).status, 401);
    h.clock.advance(1);
    const again = await json(await request('POST', '/v1/tokens', undefined, { email: ada.email, password: 'correct horse battery' }));
    assert.equal((await request('GET', `/v1/calls/${ada.sessionId}`, ada.credential)).status, 401, 'logging in again does not revive old links');
    const fresh = await json(await request('POST', `/v1/sessions/${ada.sessionId}/join`, String(again.token)));
    assert.equal((await request('GET', `/v1/calls/${ada.sessionId}`, new URL(String(fresh.url)).hash.slice(1))).status, 200);
  });

  test('attendance records only changes of state: the same event repeated is one row', async () => {
    const bob = await personInCall('Bob', '2030-01-07T12:00:00.000Z');
    const post = (event: string) => request('POST', `/v1/calls/${bob.sessionId}/attendance`, bob.credential, { event });
    for (const event of ['left', 'joined', 'joined', 'joined', 'left', 'left', 'joined']) assert.equal((await post(event)).status, 204);
    assert.deepEqual(await attendanceRows(bob.sessionId), ['joined', 'left', 'joined']);
  });

  test(`an attendance flood is bounded at ${MAX_ATTENDANCE_EVENTS} rows per person and session`, async () => {
    const cy = await personInCall('Cy', '2030-01-07T13:00:00.000Z');
    const flood = Array.from({ length: 400 }, (_, i) =>
      request('POST', `/v1/calls/${cy.sessionId}/attendance`, cy.credential, { event: i % 2 ? 'left' : 'joined' }));
    assert.ok((await Promise.all(flood)).every((response) => response.status === 204));
    const rows = await attendanceRows(cy.sessionId);
    assert.equal(rows.length, MAX_ATTENDANCE_EVENTS);
    assert.ok(rows.every((event, i) => i === 0 || event !== rows[i - 1]), 'no event repeats the one before it');
  });
});
