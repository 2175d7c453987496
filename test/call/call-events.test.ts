import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { book, credentialOf, join, signUp } from './helpers/api-client.js';
import { startCallServer, type CallServer } from './helpers/call-server.js';
import { openEventStream } from '../helpers/event-stream.js';

describe('GET /v1/calls/{id}/events: the call page\'s stream of its session', () => {
  let server: CallServer;
  before(async () => {
    server = await startCallServer({ COWORK_NOW: '2030-01-07T13:55:00Z', COWORK_JITSI_DOMAIN: 'meet.example.org' });
  });
  after(async () => server?.close());

  test('it carries the events of its own session only, with the credential in the Authorization header', async () => {
    const [ada, bob] = [await signUp(server.url, 'Ada'), await signUp(server.url, 'Bob')];
    const now = await book(server.url, ada, '2030-01-07T14:00:00.000Z', 'Write', 50);
    const later = await book(server.url, ada, '2030-01-07T16:00:00.000Z', 'Plan', 50);
    const credential = credentialOf((await join(server.url, ada, now.id)).url);
    const stream = await openEventStream(server.url, credential, { path: `/v1/calls/${now.id}/events` });
    assert.equal(stream.status, 200);
    await stream.until('ready');
    await book(server.url, bob, '2030-01-07T16:00:00.000Z', 'Read', 50);
    await book(server.url, bob, '2030-01-07T14:00:00.000Z', 'Read', 50);
    const matched = await stream.next();
    assert.deepEqual([matched.type, matched.data.data?.session?.id], ['session.matched', now.id], `not the match of ${later.id}`);
    stream.close();

    const inQuery = await fetch(`${server.url}/v1/calls/${now.id}/events?credential=${encodeURIComponent(credential)}`);
    assert.equal(inQuery.status, 401, 'a credential in the URL is not read');
    const otherSession = await openEventStream(server.url, credential, { path: `/v1/calls/${later.id}/events` });
    assert.equal(otherSession.status, 401, 'the link is good for its own session only');
  });
});
