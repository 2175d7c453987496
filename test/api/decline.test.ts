import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';
import { book, partnerName, people, sessionOf } from './matching-helpers.js';

const SLOT = '2030-01-07T14:00:00Z';
const decline = (h: Harness, token: string, id: string) => h.request('POST', `/v1/sessions/${id}/decline`, { token });

describe('POST /v1/sessions/{id}/decline (SPEC §7)', () => {
  let h: Harness;
  beforeEach(async () => (h = await createHarness()));
  afterEach(() => h.close());

  test('declining leaves no late mark, even within the hour before the start', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    const mine = await book(h, ada, SLOT);
    await book(h, bob, SLOT);
    h.clock.set('2030-01-07T13:30:00Z');
    const response = await decline(h, ada.token, mine.id);
    assert.equal(response.status, 200);
    const answer = await json(response);
    assert.equal(answer.status, 'waiting');
    assert.equal(answer.partner, null);
    const rows = await h.inspect().execute('SELECT late_cancel, cancelled_at FROM sessions');
    assert.ok(rows.rows.every((row) => Number(row.late_cancel) === 0 && row.cancelled_at === null));
  });

  test('the two are not paired with each other again for that slot, even after booking it anew', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    const mine = await book(h, ada, SLOT);
    const bobs = await book(h, bob, SLOT);
    await decline(h, ada.token, mine.id);
    assert.equal((await sessionOf(h, bob, bobs.id)).status, 'waiting');
    await h.request('DELETE', `/v1/sessions/${mine.id}`, { token: ada.token });
    assert.equal((await book(h, ada, SLOT)).status, 'waiting');
    // Another slot is not affected.
    await book(h, ada, '2030-01-07T16:00:00Z');
    assert.equal((await book(h, bob, '2030-01-07T16:00:00Z')).partner.name, 'Ada');
  });

  test('both are re-paired at once with others where possible', async () => {
    const [ada, bob, cy, dee] = await people(h, 'Ada', 'Bob', 'Cy', 'Dee');
    const mine = await book(h, ada, SLOT);
    const bobs = await book(h, bob, SLOT);
    // Cy (desk) and Dee (moving) wait and cannot be paired with each other.
    await book(h, cy, SLOT, { activity: 'desk' });
    await book(h, dee, SLOT, { activity: 'moving' });
    const answer = await json(await decline(h, ada.token, mine.id));
    // Bob, who was declined, goes first and gets the oldest waiting booking; Ada gets the other.
    assert.equal(partnerName(await sessionOf(h, bob, bobs.id)), 'Cy');
    assert.equal(partnerName(answer), 'Dee');
  });

  test('a decline is refused with 409 once the join window has opened, naming when it opened', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    const mine = await book(h, ada, SLOT);
    await book(h, bob, SLOT);
    h.clock.set('2030-01-07T13:50:00Z');
    const response = await decline(h, ada.token, mine.id);
    assert.equal(response.status, 409);
    const problem = await json(response);
    assert.equal(problem.type, 'urn:cowork:problem:decline-window-closed');
    assert.equal(problem.opensAt, '2030-01-07T13:50:00.000Z');
    assert.equal((await sessionOf(h, ada, mine.id)).status, 'matched');
  });

  test('from the start a decline is refused as cancel is, with session-started, and neither points to the other', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    const mine = await book(h, ada, SLOT);
    await book(h, bob, SLOT);
    h.clock.set('2030-01-07T14:02:00Z');
    const declined = await json(await decline(h, ada.token, mine.id));
    const cancelled = await json(await h.request('DELETE', `/v1/sessions/${mine.id}`, { token: ada.token }));
    for (const problem of [declined, cancelled]) {
      assert.equal(problem.type, 'urn:cowork:problem:session-started');
      assert.equal(problem.startedAt, '2030-01-07T14:00:00.000Z');
      assert.match(String(problem.detail), /can no longer be cancelled or declined\. Join it, or stay away/);
    }
    assert.equal((await sessionOf(h, ada, mine.id)).status, 'matched');
  });

  test('only a matched session can be declined (409), and only your own (404)', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    const mine = await book(h, ada, SLOT);
    assert.equal((await json(await decline(h, ada.token, mine.id))).type, 'urn:cowork:problem:not-matched');
    await book(h, bob, SLOT);
    assert.equal((await decline(h, bob.token, mine.id)).status, 404);
  });

  test('the fourth decline in 24 hours is refused with 409 and retryAt; it is allowed from then on', async () => {
    const [ada, bob] = await people(h, 'Ada', 'Bob');
    const matchedWithBob = async (start: string) => {
      const session = await book(h, ada, start);
      await book(h, bob, start);
      return session;
    };
    const declined = [await matchedWithBob('2030-01-08T09:00:00Z'), await matchedWithBob('2030-01-08T10:00:00Z'), await matchedWithBob('2030-01-08T11:00:00Z')];
    const fourth = await matchedWithBob('2030-01-08T12:00:00Z');
    const fields: string[] = [];
    for (const session of declined) {
      const answer = await decline(h, ada.token, session.id);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('ratelimit-policy'), '"decline";q=3;w=86400');
      fields.push(answer.headers.get('ratelimit')!);
      h.clock.advance(60);
    }
    // The allowance comes back one decline at a time: t says when the oldest leaves the 24 hours.
    assert.deepEqual(fields, ['"decline";r=2;t=86400', '"decline";r=1;t=82800', '"decline";r=0;t=79200']);
    const refused = await decline(h, ada.token, fourth.id);
    assert.equal(refused.status, 409);
    assert.equal(refused.headers.get('ratelimit'), '"decline";r=0;t=75600');
    const problem = await json(refused);
    assert.equal(problem.type, 'urn:cowork:problem:decline-limit');
    assert.equal(problem.retryAt, '2030-01-08T10:00:00.000Z');
    assert.equal((await sessionOf(h, ada, fourth.id)).status, 'matched');
    h.clock.set('2030-01-07T23:59:00Z');
    assert.equal((await decline(h, ada.token, fourth.id)).status, 409);
    h.clock.set(problem.retryAt);
    assert.equal((await decline(h, ada.token, fourth.id)).status, 200);
  });
});
