import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../api/app.js';
import type { CallSettings } from '../../api/call/call-settings.js';
import { Database } from '../../api/storage/engine/database.js';
import { createHarness, snapshot, type Harness } from '../api/harness.js';
import { contractOf } from '../helpers/contract.js';

const START = '2030-01-07T14:00:00.000Z';
const call: CallSettings = {
  jitsi: { mode: 'self-hosted', domain: 'meet.example.org', appId: 'cowork', appSecret: 's'.repeat(32) },
  secret: 'c'.repeat(43),
};

describe('call routes in-process', () => {
  let h: Harness;
  let app: ReturnType<typeof createApp>;
  // Every answer is checked against /openapi.json, as the harness does.
  const request = async (method: string, path: string, auth?: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    await (await contractOf('in-process', async () => app.request('/openapi.json'))).check(method, path, response);
    return response;
  };
  const joinLink = async (token: string, id: string) => {
    const response = await request('POST', `/v1/sessions/${id}/join`, token);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as { url: string; expiresAt: string };
  };

  before(async () => {
    h = await createHarness('2030-01-07T13:00:00.000Z');
    app = createApp({ db: h.db, clock: h.clock, publicUrl: 'https://cowork.example.org', call });
  });
  after(() => h.close());

  test('POST /v1/sessions/{id}/join: 409 before the window, a link with the credential in the fragment inside it, 409 after the end, when the page hears "over"', async () => {
    const ada = await h.signUp('Ada');
    const { id } = (await (await h.book(ada.token, START)).json()) as { id: string };
    const early = await request('POST', `/v1/sessions/${id}/join`, ada.token);
    assert.equal(early.status, 409);
    assert.equal(((await early.json()) as { opensAt: string }).opensAt, '2030-01-07T13:50:00.000Z');
    h.clock.set('2030-01-07T13:50:00.000Z');
    const link = await joinLink(ada.token, id);
    assert.match(link.url, new RegExp(`^https://cowork\\.example\\.org/call/${id}#c2\\.${ada.id}\\.`));
    assert.equal(link.expiresAt, '2030-01-07T15:05:00.000Z');
    h.clock.set('2030-01-07T14:50:00.000Z');
    assert.equal((await request('POST', `/v1/sessions/${id}/join`, ada.token)).status, 409);
    const credential = new URL(link.url).hash.slice(1);
    const over = (await (await request('GET', `/v1/calls/${id}`, credential)).json()) as Record<string, unknown>;
    assert.deepEqual([over.phase, over.jitsi], ['over', null]);
    h.clock.set('2030-01-07T15:05:00.000Z');
    assert.equal((await request('GET', `/v1/calls/${id}`, credential)).status, 401, 'the link expires 15 minutes after the session');
    h.clock.set('2030-01-07T13:55:00.000Z');
  });

  test('POST /v1/sessions/{id}/join: 401 without a token, 404 for someone else\'s session, 409 for a cancelled one', async () => {
    const [bea, cy] = [await h.signUp('Bea'), await h.signUp('Cy')];
    h.clock.set('2030-01-07T13:00:00.000Z');
    const { id } = (await (await h.book(bea.token, '2030-01-07T15:00:00Z', 25)).json()) as { id: string };
    assert.equal((await request('DELETE', `/v1/sessions/${id}`, bea.token)).status, 200);
    h.clock.set('2030-01-07T14:55:00.000Z');
    assert.equal((await request('POST', `/v1/sessions/${id}/join`)).status, 401);
    assert.equal((await request('POST', `/v1/sessions/${id}/join`, cy.token)).status, 404);
    const cancelled = await request('POST', `/v1/sessions/${id}/join`, bea.token);
    assert.equal(cancelled.status, 409);
    assert.equal(((await cancelled.json()) as { type: string }).type, 'urn:cowork:problem:session-cancelled');
    h.clock.set('2030-01-07T13:55:00.000Z');
  });

  test('GET /v1/calls/{id}: waiting without a room, then the room and a token for each member once paired', async () => {
    h.clock.set('2030-01-07T13:00:00.000Z');
    const [dee, eli] = [await h.signUp('Dee'), await h.signUp('Eli')];
    const { id: deeId } = (await (await h.book(dee.token, START, 75, 'Essay')).json()) as { id: string };
    h.clock.set('2030-01-07T13:55:00.000Z');
    const deeCredential = new URL((await joinLink(dee.token, deeId)).url).hash.slice(1);
    const waiting = (await (await request('GET', `/v1/calls/${deeId}`, deeCredential)).json()) as Record<string, any>;
    assert.equal(waiting.phase, 'waiting');
    assert.equal(waiting.jitsi, null);
    assert.deepEqual(waiting.you, { id: dee.id, name: 'Dee' });
    assert.equal(waiting.now, '2030-01-07T13:55:00.000Z');

    const { id: eliId } = (await (await h.book(eli.token, START, 75, 'Code review')).json()) as { id: string };
    const eliCredential = new URL((await joinLink(eli.token, eliId)).url).hash.slice(1);
    const deeView = (await (await request('GET', `/v1/calls/${deeId}`, deeCredential)).json()) as Record<string, any>;
    const eliView = (await (await request('GET', `/v1/calls/${eliId}`, eliCredential)).json()) as Record<string, any>;
    assert.equal(deeView.phase, 'matched');
    assert.equal(deeView.session.partner.name, 'Eli');
    assert.equal(deeView.session.partnerTask, 'Code review');
    assert.equal(deeView.jitsi.roomName, eliView.jitsi.roomName);
    assert.equal(deeView.jitsi.scriptUrl, 'https://meet.example.org/external_api.js');
    assert.notEqual(deeView.jitsi.jwt, eliView.jitsi.jwt);
  });

  test('POST /v1/calls/{id}/attendance: bad input is a 4xx problem and writes nothing', async () => {
    const fay = await h.signUp('Fay');
    h.clock.set('2030-01-07T13:00:00.000Z');
    const { id } = (await (await h.book(fay.token, '2030-01-07T16:00:00Z', 25)).json()) as { id: string };
    h.clock.set('2030-01-07T15:55:00.000Z');
    const credential = new URL((await joinLink(fay.token, id)).url).hash.slice(1);
    const before = await snapshot(h.inspect());
    for (const [body, status] of [[{ event: 'arrived' }, 400], [{ event: 'joined', extra: 1 }, 400], ['{not json', 400], [{}, 400]] as const) {
      const response = await request('POST', `/v1/calls/${id}/attendance`, credential, body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
    }
    assert.equal((await request('POST', `/v1/calls/${id}/attendance`, fay.token, { event: 'joined' })).status, 401);
    assert.equal(await snapshot(h.inspect()), before);
    assert.equal((await request('POST', `/v1/calls/${id}/attendance`, credential, { event: 'joined' })).status, 204);
    assert.notEqual(await snapshot(h.inspect()), before);
    h.clock.set('2030-01-07T13:55:00.000Z');
  });

  test('another API process on the same database accepts the links this one issued', async () => {
    const gil = await h.signUp('Gil');
    h.clock.set('2030-01-07T13:00:00.000Z');
    const { id } = (await (await h.book(gil.token, '2030-01-07T17:00:00Z', 25)).json()) as { id: string };
    h.clock.set('2030-01-07T16:55:00.000Z');
    const plainApp = createApp({ db: h.db, clock: h.clock });
    const link = (await (await plainApp.request(`/v1/sessions/${id}/join`, { method: 'POST', headers: { authorization: `Bearer ${gil.token}` } })).json()) as { url: string };
    const other = await Database.open({ url: h.dbUrl });
    try {
      const otherApp = createApp({ db: other, clock: h.clock });
      const response = await otherApp.request(`/v1/calls/${id}`, { headers: { authorization: `Bearer ${new URL(link.url).hash.slice(1)}` } });
      assert.equal(response.status, 200);
    } finally {
      other.close();
      h.clock.set('2030-01-07T13:55:00.000Z');
    }
  });

  test('GET /call/assets/{file} serves the compiled page and nothing else', async () => {
    const script = await request('GET', '/call/assets/main.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match((await request('GET', '/call/assets/call-page.css')).headers.get('content-type') ?? '', /^text\/css/);
    for (const path of ['/call/assets/..%2Fpackage.json', '/call/assets/index.html', '/call/assets/nope.js', '/call/assets/main.ts']) {
      assert.equal((await request('GET', path)).status, 404, path);
    }
  });

  test('the OpenAPI document lists the call routes', async () => {
    const { paths } = (await (await request('GET', '/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of ['/v1/sessions/{id}/join', '/call/{id}', '/v1/calls/{id}', '/v1/calls/{id}/attendance']) {
      assert.ok(path in paths, path);
    }
  });
});
