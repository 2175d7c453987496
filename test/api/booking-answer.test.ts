import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from './harness.js';
import { introduce, people, sessionOf, setSettings, type Person } from './matching-helpers.js';

/**
 * POST /v1/sessions answers from the values it just wrote instead of reading the session back:
 * every field must be what GET /v1/sessions/{id} reads from the database, byte for byte. So must
 * the pair's two `session.matched` events, which a booking also writes from what it has in hand.
 */
describe('the booking answer', () => {
  let h: Harness;
  let ada: Person, bob: Person, cleo: Person, dan: Person;
  let hour = 0;
  const nextSlot = () => new Date(Date.parse('2030-01-09T00:00:00Z') + hour++ * 3_600_000).toISOString();

  before(async () => {
    h = await createHarness();
    [ada, bob, cleo, dan] = await people(h, 'Ada', 'Bob', 'Cleo', 'Dan');
  });
  after(() => h.close());

  async function bookAndCompare(who: Person, body: Record<string, unknown>): Promise<Record<string, any>> {
    const response = await h.request('POST', '/v1/sessions', { token: who.token, body: { duration: 50, ...body } });
    assert.equal(response.status, 201, await response.clone().text());
    const text = await response.text();
    const id = (JSON.parse(text) as { id: string }).id;
    const read = await h.request('GET', `/v1/sessions/${id}`, { token: who.token });
    assert.equal(text, await read.text(), 'the booking answer is the session as read back');
    const answered = JSON.parse(text) as Record<string, any>;
    if (answered.status === 'matched') await matchedEventsAreReadBack(who, answered);
    return answered;
  }

  /** The pair's events, the partner's first: each one's session is its owner's GET of it, byte for byte. */
  async function matchedEventsAreReadBack(who: Person, answered: Record<string, any>): Promise<void> {
    const everyone = [ada, bob, cleo, dan];
    const partner = everyone.find((person) => person.id === answered.partner.id)!;
    const events = await h.inspect().execute('SELECT user_id, type, body FROM events ORDER BY id DESC LIMIT 2');
    const [theirs, mine] = [...events.rows].reverse();
    for (const [event, owner] of [[theirs!, partner], [mine!, who]] as const) {
      assert.deepEqual([event.user_id, event.type], [owner.id, 'session.matched']);
      const body = String(event.body);
      const data = JSON.parse(body).data as { session: { id: string } };
      const sessionText = body.slice(body.indexOf('"data":{"session":') + '"data":{"session":'.length, -2);
      assert.deepEqual(Object.keys(data), ['session']);
      const read = await h.request('GET', `/v1/sessions/${data.session.id}`, { token: owner.token });
      assert.equal(sessionText, await read.text(), `${owner.name}'s session.matched carries the session as read back`);
    }
  }

  test('waiting, then matched with the waiting partner\'s name and task, with and without a task', async () => {
    const start = nextSlot();
    const waiting = await bookAndCompare(ada, { start, task: 'write the report' });
    assert.equal(waiting.status, 'waiting');
    const matched = await bookAndCompare(bob, { start });
    assert.deepEqual([matched.status, matched.partner?.name, matched.partnerTask, matched.task], ['matched', 'Ada', 'write the report', null]);
    assert.equal((await sessionOf(h, ada, waiting.id)).partner?.name, 'Bob');
  });

  test('activity and quiet come from the person\'s settings unless the booking sets them', async () => {
    await setSettings(h, cleo, { activity: 'desk', quiet: true });
    const fromSettings = await bookAndCompare(cleo, { start: nextSlot(), task: 'taxes' });
    assert.deepEqual([fromSettings.activity, fromSettings.quiet], ['desk', true]);
    const start = nextSlot();
    const ownChoice = await bookAndCompare(cleo, { start, activity: 'moving', quiet: false });
    assert.deepEqual([ownChoice.activity, ownChoice.quiet], ['moving', false]);
    const partner = await bookAndCompare(dan, { start, activity: 'anything', quiet: false, task: 'emails' });
    assert.deepEqual([partner.status, partner.partner?.name, partner.partnerTask], ['matched', 'Cleo', null]);
    await setSettings(h, cleo, { activity: 'anything', quiet: false });
  });

  test('a booking with a past partner names them, waiting and once matched', async () => {
    await introduce(h, ada, dan);
    const start = nextSlot();
    const asked = await bookAndCompare(ada, { start, partnerId: dan.id });
    assert.deepEqual([asked.status, asked.requestedPartner], ['waiting', { id: dan.id, name: 'Dan' }]);
    const refusedOthers = await bookAndCompare(bob, { start });
    assert.equal(refusedOthers.status, 'waiting', 'Ada waits for Dan only');
    const answered = await bookAndCompare(dan, { start, partnerId: ada.id, task: 'reading' });
    assert.deepEqual([answered.status, answered.partner?.name, answered.requestedPartner?.name], ['matched', 'Ada', 'Ada']);
  });

  test('the pair\'s events carry tasks, languages, quiet and a requested partner as the sessions read back', async () => {
    await introduce(h, bob, cleo);
    const start = nextSlot();
    await bookAndCompare(bob, { start, task: 'proofs', languages: ['de', 'en'], quiet: true, activity: 'desk', partnerId: cleo.id });
    const matched = await bookAndCompare(cleo, { start, languages: ['en'], quiet: true, activity: 'anything' });
    assert.deepEqual([matched.partner?.name, matched.partnerTask, matched.languages], ['Bob', 'proofs', ['en']]);
  });

  test('a session matched at booking has the version of one paired after waiting, like its partner', async () => {
    const start = nextSlot();
    const first = await bookAndCompare(cleo, { start });
    const second = await bookAndCompare(bob, { start });
    const rows = await h.inspect().execute({ sql: 'SELECT id, version, status FROM sessions WHERE id IN (?, ?) ORDER BY seq', args: [first.id, second.id] });
    assert.deepEqual(rows.rows.map((row) => [row.id, Number(row.version), row.status]), [[first.id, 1, 'matched'], [second.id, 1, 'matched']]);
  });

  test('a replay of an Idempotency-Key answers the same bytes as the first booking', async () => {
    const send = { token: cleo.token, body: { start: nextSlot(), duration: 25, task: 'plan' }, headers: { 'idempotency-key': 'answer-1' } };
    const first = await (await h.request('POST', '/v1/sessions', send)).text();
    const replay = await h.request('POST', '/v1/sessions', send);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(await replay.text(), first);
  });
});
