import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';

const SLOT = '2030-01-07T14:00:00Z';

describe('pairing and re-pairing (SPEC §2)', () => {
  let h: Harness;
  beforeEach(async () => (h = await createHarness()));
  afterEach(() => h.close());

  test('a booking alone stays waiting with no partner', async () => {
    const ada = await h.signUp('Ada');
    const session = await json(await h.book(ada.token, SLOT, 50, 'thesis'));
    assert.equal(session.status, 'waiting');
    assert.equal(session.partner, null);
  });

  test('two people who book the same start and duration are matched and see each other and their tasks', async () => {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const first = await json(await h.book(ada.token, SLOT, 50, 'thesis'));
    const second = await json(await h.book(bob.token, SLOT, 50, 'taxes'));
    assert.equal(second.status, 'matched');
    assert.deepEqual(second.partner, { id: ada.id, name: 'Ada' });
    assert.equal(second.partnerTask, 'thesis');
    const firstNow = await json(await h.request('GET', `/v1/sessions/${first.id}`, { token: ada.token }));
    assert.equal(firstNow.status, 'matched');
    assert.deepEqual(firstNow.partner, { id: bob.id, name: 'Bob' });
    assert.equal(firstNow.partnerTask, 'taxes');
  });

  test('a different duration or a different start is never a match', async () => {
    const [ada, bob, cy] = [await h.signUp('Ada'), await h.signUp('Bob'), await h.signUp('Cy')];
    await h.book(ada.token, SLOT, 50);
    assert.equal((await json(await h.book(bob.token, SLOT, 25))).status, 'waiting');
    assert.equal((await json(await h.book(cy.token, '2030-01-07T14:15:00Z', 50))).status, 'waiting');
  });

  test('when a matched person cancels, their partner is re-paired at once with the booking already waiting on that slot', async () => {
    const [ada, bob, cy, dee] = [await h.signUp('Ada'), await h.signUp('Bob'), await h.signUp('Cy'), await h.signUp('Dee')];
    const adaSession = await json(await h.book(ada.token, SLOT, 50));
    const bobSession = await json(await h.book(bob.token, SLOT, 50));
    // Ada and Bob are paired and Cy waits; when Ada cancels, Bob is re-paired with Cy at once.
    h.clock.advance(60);
    const cySession = await json(await h.book(cy.token, SLOT, 50));
    assert.equal(cySession.status, 'waiting');
    h.clock.advance(60);
    await h.request('DELETE', `/v1/sessions/${adaSession.id}`, { token: ada.token });
    const bobNow = await json(await h.request('GET', `/v1/sessions/${bobSession.id}`, { token: bob.token }));
    assert.deepEqual(bobNow.partner, { id: cy.id, name: 'Cy' });
    const deeSession = await json(await h.book(dee.token, SLOT, 50));
    assert.equal(deeSession.status, 'waiting');
  });

  test('cancelling a matched session puts the partner back to waiting when nobody else waits', async () => {
    const ada = await h.signUp('Ada');
    const bob = await h.signUp('Bob');
    const adaSession = await json(await h.book(ada.token, SLOT, 50));
    const bobSession = await json(await h.book(bob.token, SLOT, 50));
    const cancelled = await json(await h.request('DELETE', `/v1/sessions/${bobSession.id}`, { token: bob.token }));
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.partner, null);
    const adaNow = await json(await h.request('GET', `/v1/sessions/${adaSession.id}`, { token: ada.token }));
    assert.equal(adaNow.status, 'waiting');
    assert.equal(adaNow.partner, null);
  });

  test('the partner put back to waiting is paired by the next compatible booking', async () => {
    const [ada, bob, cy] = [await h.signUp('Ada'), await h.signUp('Bob'), await h.signUp('Cy')];
    const adaSession = await json(await h.book(ada.token, SLOT, 50));
    const bobSession = await json(await h.book(bob.token, SLOT, 50));
    await h.request('DELETE', `/v1/sessions/${bobSession.id}`, { token: bob.token });
    const cySession = await json(await h.book(cy.token, SLOT, 50));
    assert.deepEqual(cySession.partner, { id: ada.id, name: 'Ada' });
    assert.equal((await json(await h.request('GET', `/v1/sessions/${adaSession.id}`, { token: ada.token }))).status, 'matched');
  });

  test('a cancel within 60 minutes of a matched start is recorded as late, an earlier one is not', async () => {
    const [ada, bob, cy, dee] = [await h.signUp('Ada'), await h.signUp('Bob'), await h.signUp('Cy'), await h.signUp('Dee')];
    await h.book(ada.token, SLOT, 50);
    const early = await json(await h.book(bob.token, SLOT, 50));
    await h.book(cy.token, '2030-01-07T16:00:00Z', 25);
    const late = await json(await h.book(dee.token, '2030-01-07T16:00:00Z', 25));
    await h.request('DELETE', `/v1/sessions/${early.id}`, { token: bob.token });
    h.clock.set('2030-01-07T15:01:00Z');
    await h.request('DELETE', `/v1/sessions/${late.id}`, { token: dee.token });
    const rows = await h.inspect().execute({ sql: 'SELECT id, late_cancel FROM sessions WHERE id IN (?, ?) ORDER BY start_at', args: [early.id, late.id] });
    assert.deepEqual(rows.rows.map((row) => Number(row.late_cancel)), [0, 1]);
  });

  test('a cancel of a waiting session is never late', async () => {
    const ada = await h.signUp('Ada');
    const session = await json(await h.book(ada.token, SLOT, 50));
    h.clock.set('2030-01-07T13:55:00Z');
    await h.request('DELETE', `/v1/sessions/${session.id}`, { token: ada.token });
    const row = await h.inspect().execute({ sql: 'SELECT late_cancel, cancelled_at FROM sessions WHERE id = ?', args: [session.id] });
    assert.equal(Number(row.rows[0]!.late_cancel), 0);
    assert.equal(Number(row.rows[0]!.cancelled_at), Date.parse('2030-01-07T13:55:00Z'));
  });

  test('cancelling twice answers the cancelled session again and changes nothing', async () => {
    const ada = await h.signUp('Ada');
    const session = await json(await h.book(ada.token, SLOT, 50));
    const first = await json(await h.request('DELETE', `/v1/sessions/${session.id}`, { token: ada.token }));
    const again = await h.request('DELETE', `/v1/sessions/${session.id}`, { token: ada.token });
    assert.equal(again.status, 200);
    assert.deepEqual(await json(again), first);
  });

  test('fifty concurrent bookings of one slot in one process end in 25 mutual pairs', async () => {
    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => h.signUp(`P${i}`)));
    const answers = await Promise.all(people.map((p) => h.book(p.token, SLOT, 25)));
    assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([201]));
    const pairs = await h.inspect().execute(`SELECT session_a, session_b FROM pairs`);
    assert.equal(pairs.rows.length, 25);
    const members = pairs.rows.flatMap((row) => [String(row.session_a), String(row.session_b)]);
    assert.equal(new Set(members).size, 50);
  });
});
