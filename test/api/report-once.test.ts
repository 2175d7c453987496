import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';

/** One report per reporter, person and session (SPEC §16): filing it again answers the first. */
const SLOT = '2030-01-07T14:00:00.000Z';

describe('a report filed again', () => {
  let h: Harness;
  let ada: { id: string; token: string };
  let bob: { id: string; token: string };
  let sessionId: string;
  beforeEach(async () => {
    h = await createHarness();
    ada = await h.signUp('Ada');
    bob = await h.signUp('Bob');
    sessionId = (await json(await h.book(ada.token, SLOT))).id;
    assert.equal((await json(await h.book(bob.token, SLOT))).status, 'matched');
    h.clock.set('2030-01-07T14:10:00.000Z');
  });
  afterEach(() => h.close());

  const reportBob = (note: string, reason = 'no-show') =>
    h.request('POST', '/v1/reports', { token: ada.token, body: { userId: bob.id, sessionId, reason, note } });
  const reportRows = async () => (await h.inspect().execute('SELECT id, reason, note FROM reports')).rows.map((row) => [row.id, row.reason, row.note]);

  test('30 identical reports make one row; every repeat answers 200 with the first report\'s id and time', async () => {
    const first = await reportBob('camera off');
    assert.equal(first.status, 201);
    const receipt = await json(first);
    for (let i = 0; i < 29; i += 1) {
      h.clock.advance(1);
      const again = await reportBob('camera off');
      assert.equal(again.status, 200);
      assert.deepEqual(await json(again), receipt);
    }
    assert.deepEqual(await reportRows(), [[receipt.id, 'no-show', 'camera off']]);
  });

  test('reports sent at once make one row too, and another reason or note does not replace the first', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => reportBob(`note ${i}`, i % 2 ? 'other' : 'no-show')));
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(await Promise.all(answers.map(async (answer) => (await json(answer)).id)));
    assert.equal(ids.size, 1);
    assert.equal((await reportRows()).length, 1);
  });

  test('the same reporter may still report another session, and the partner may report them', async () => {
    await reportBob('first');
    const bobsSession = (await json(await h.request('GET', '/v1/sessions?from=2030-01-07T00:00:00Z', { token: bob.token }))).data[0].id;
    assert.equal((await h.request('POST', '/v1/reports', { token: bob.token, body: { userId: ada.id, sessionId: bobsSession, reason: 'other' } })).status, 201);
    assert.equal((await reportRows()).length, 2);
  });
});
