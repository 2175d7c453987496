import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from '@libsql/client';
import { deliverWebhooksJob } from '../../api/jobs/deliver-webhooks.js';
import { rollRoutinesOnce } from '../../api/jobs/roll-routines.js';
import { signatureIsValid, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { signUpAdmin } from './admin-fixtures.js';
import { addWebhook } from './webhook-fixtures.js';
import { createHarness, json, type Harness } from './harness.js';

/**
 * What a person's departure (account deletion, suspension) leaves with the people who were paired
 * with them (SPEC §8, §9): no copy of their name or task in anything stored for others, and no
 * session left asking for a partner who can never come.
 */
const PASSWORD = 'correct horse battery';
const EARLIER = '2030-01-07T12:00:00.000Z';
const SLOT = '2030-01-07T14:00:00.000Z';
const LATER = '2030-01-08T09:00:00.000Z';
const LATEST = '2030-01-09T09:00:00.000Z';
type Json = Record<string, any>;

let receiver: Receiver;
before(async () => (receiver = await startReceiver()));
after(() => receiver.stop());

const newHarness = () => createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });

/** Every value of every table, one string per table, read through a connection of its own. */
async function everyValue(dbUrl: string): Promise<Map<string, string>> {
  const client = createClient({ url: dbUrl });
  try {
    const tables = await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table'`);
    const values = new Map<string, string>();
    for (const { name } of tables.rows) values.set(String(name), JSON.stringify((await client.execute(`SELECT * FROM "${String(name)}"`)).rows));
    return values;
  } finally {
    client.close();
  }
}

/** The events stored for one person's webhooks, oldest first, parsed. */
async function storedEvents(h: Harness, userId: string): Promise<Json[]> {
  const rows = await h.inspect().execute({
    sql: 'SELECT e.body FROM webhook_events e JOIN webhooks w ON w.id = e.webhook_id WHERE w.user_id = ? ORDER BY e.seq',
    args: [userId],
  });
  return rows.rows.map((row) => JSON.parse(String(row.body)) as Json);
}

const bookWith = (h: Harness, token: string, start: string, partnerId: string) =>
  h.request('POST', '/v1/sessions', { token, body: { start, duration: 50, partnerId } });

describe('an account deleted', () => {
  test('leaves its name and task in no webhook event and no stored booking answer of its partners: they read "a former member"', { timeout: 60_000 }, async () => {
    const h = await newHarness();
    try {
      const deliver = deliverWebhooksJob(h.db, { timeoutMs: 5_000, allowPrivate: true });
      const zelda = await h.signUp('Zelda');
      const bob = await h.signUp('Bob');
      const hook = await addWebhook(h, bob.token, `${receiver.url}?departure`);
      await h.book(zelda.token, SLOT, 50, 'the zanzibar memo');
      const keyed = await h.request('POST', '/v1/sessions', { token: bob.token, body: { start: SLOT, duration: 50 }, headers: { 'Idempotency-Key': 'bob-1' } });
      const first = await json(keyed);
      assert.equal(first.partner.name, 'Zelda');
      assert.equal(first.partnerTask, 'the zanzibar memo');
      const seen = receiver.received().length;
      await deliver.runOnce(h.clock.now());
      await receiver.waitFor(seen + 1);
      // A second match, asked for by name once the first has begun, is still queued when Zelda leaves.
      h.clock.set(SLOT);
      assert.equal((await bookWith(h, bob.token, LATER, zelda.id)).status, 201);
      await h.book(zelda.token, LATER, 50, 'more zanzibar');
      h.clock.set('2030-01-07T15:00:00.000Z'); // the first session is over: Bob and Zelda were partners
      const queued = await storedEvents(h, bob.id);
      assert.deepEqual(queued.map((event) => [event.type, event.data.session.partner?.name, event.data.session.requestedPartner?.name ?? null]),
        [['session.matched', 'Zelda', null], ['session.matched', 'Zelda', 'Zelda']], 'the events name Zelda before she leaves');

      assert.equal((await h.request('DELETE', '/v1/me', { token: zelda.token, body: { password: PASSWORD } })).status, 204);

      for (const [table, text] of await everyValue(h.dbUrl)) {
        for (const personal of ['zelda', 'zanzibar']) assert.ok(!text.toLowerCase().includes(personal), `${table} still holds ${personal}`);
      }
      const [delivered, pending] = await storedEvents(h, bob.id);
      for (const event of [delivered!, pending!]) {
        assert.deepEqual(event.data.session.partner, { id: zelda.id, name: 'a former member' });
        assert.equal(event.data.session.partnerTask, null);
      }
      assert.deepEqual(pending!.data.session.requestedPartner, { id: zelda.id, name: 'a former member' });

      const replay = await h.request('POST', '/v1/sessions', { token: bob.token, body: { start: SLOT, duration: 50 }, headers: { 'Idempotency-Key': 'bob-1' } });
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      const replayed = await json(replay);
      assert.deepEqual([replayed.id, replayed.partner, replayed.partnerTask], [first.id, { id: zelda.id, name: 'a former member' }, null]);

      const log = await json(await h.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: bob.token }));
      assert.deepEqual(log.data.map((entry: Json) => [entry.eventId, entry.outcome]), [[delivered!.id, 'delivered']], 'the delivery log is kept: it names nobody');

      // What is still queued goes out as rewritten, signed as ever.
      const before = receiver.received().length;
      await deliver.runOnce(h.clock.now());
      const sent = (await receiver.waitFor(before + 2)).slice(before); // the queued match, and the unmatch her leaving caused
      for (const event of sent) {
        assert.ok(!event.body.includes('Zelda') && !event.body.includes('zanzibar'), event.body);
        assert.ok(signatureIsValid(hook.secret, event.body, event.signature));
      }
    } finally {
      h.close();
    }
  });

  test('stops its routines: no later roll books a session for it, and their task is gone', async () => {
    const h = await newHarness();
    try {
      const zelda = await h.signUp('Zelda');
      const routine = await h.request('POST', '/v1/routines', {
        token: zelda.token, body: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '09:00', duration: 50, timezone: 'UTC', horizonDays: 3, task: 'zanzibar daily' },
      });
      assert.equal(routine.status, 201);
      assert.equal((await h.request('DELETE', '/v1/me', { token: zelda.token, body: { password: PASSWORD } })).status, 204);
      h.clock.advance(2 * 24 * 60);
      await rollRoutinesOnce(h.db, h.clock.now(), 30);
      const live = await h.inspect().execute({ sql: `SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND status <> 'cancelled'`, args: [zelda.id] });
      assert.equal(Number(live.rows[0]!.n), 0, 'nothing is booked for a deleted account');
      for (const [table, text] of await everyValue(h.dbUrl)) assert.ok(!text.includes('zanzibar'), `${table} still holds the routine's task`);
    } finally {
      h.close();
    }
  });
});

describe('a session asking for a partner who can never come', () => {
  for (const departure of ['deletes their account', 'is suspended'] as const) {
    test(`drops the request when that partner ${departure}, is told partner-unavailable and is paired at once where someone waits`, { timeout: 60_000 }, async () => {
      const h = await newHarness();
      try {
        const root = await signUpAdmin(h);
        const ada = await h.signUp('Ada');
        const bob = await h.signUp('Bob');
        const cy = await h.signUp('Cy');
        await addWebhook(h, bob.token, `${receiver.url}?asked`);
        await h.book(ada.token, SLOT);
        await h.book(bob.token, SLOT);
        h.clock.set(SLOT); // their first session has begun: only now can either ask for the other
        // Bob waits for Ada at LATER, and is paired with her at LATEST; Cy waits at both, and Dee only at LATEST.
        const waiting = await json(await bookWith(h, bob.token, LATER, ada.id));
        assert.deepEqual([waiting.status, waiting.requestedPartner.id], ['waiting', ada.id]);
        const matched = await json(await bookWith(h, bob.token, LATEST, ada.id));
        await h.book(ada.token, LATEST);
        await h.book(cy.token, LATER);
        const dee = await h.signUp('Dee');
        await h.book(dee.token, LATEST);
        h.clock.set('2030-01-07T15:00:00.000Z'); // their first session is over
        const eventsBefore = (await storedEvents(h, bob.id)).length;

        if (departure === 'deletes their account') {
          assert.equal((await h.request('DELETE', '/v1/me', { token: ada.token, body: { password: PASSWORD } })).status, 204);
        } else {
          assert.equal((await h.request('POST', `/v1/admin/users/${ada.id}/suspension`, { token: root, body: { reason: 'spam' } })).status, 200);
        }

        for (const [id, partner] of [[waiting.id, cy.id], [matched.id, dee.id]] as const) {
          const session = await json(await h.request('GET', `/v1/sessions/${id}`, { token: bob.token }));
          assert.deepEqual([session.status, session.requestedPartner, session.partner?.id], ['matched', null, partner], `${id} is paired with someone present`);
        }
        const told = (await storedEvents(h, bob.id)).slice(eventsBefore);
        for (const id of [waiting.id, matched.id]) {
          assert.deepEqual(told.filter((event) => event.data.session.id === id).map((event) => [event.type, event.data.reason ?? null]),
            [['session.unmatched', 'partner-unavailable'], ['session.matched', null]], `${id}: told, then paired`);
        }
        for (const event of told) assert.equal(event.data.session.requestedPartner, null);

        // Asking for them again is refused at once, naming no reason, rather than waiting forever.
        const sessionsBefore = (await json(await h.request('GET', '/v1/sessions', { token: bob.token }))).data.length;
        const refused = await bookWith(h, bob.token, '2030-01-10T09:00:00.000Z', ada.id);
        assert.equal(refused.status, 409);
        const problem = await json(refused);
        assert.equal(problem.type, 'urn:cowork:problem:partner-unavailable');
        assert.doesNotMatch(problem.detail, /spam/);
        assert.equal((await json(await h.request('GET', '/v1/sessions', { token: bob.token }))).data.length, sessionsBefore, 'nothing booked');
      } finally {
        h.close();
      }
    });
  }

  test('waits for anyone when nobody is there, and a request for someone else is kept', { timeout: 60_000 }, async () => {
    const h = await newHarness();
    try {
      const ada = await h.signUp('Ada');
      const bob = await h.signUp('Bob');
      const cy = await h.signUp('Cy');
      await h.book(ada.token, SLOT);
      await h.book(bob.token, SLOT);
      await h.book(cy.token, EARLIER);
      await h.book(bob.token, EARLIER);
      h.clock.set(SLOT); // both sessions have begun: only now can Bob ask for Ada or Cy
      const forAda = await json(await bookWith(h, bob.token, LATER, ada.id));
      const forCy = await json(await bookWith(h, bob.token, '2030-01-10T09:00:00.000Z', cy.id));
      assert.equal((await h.request('DELETE', '/v1/me', { token: ada.token, body: { password: PASSWORD } })).status, 204);
      const after = await json(await h.request('GET', `/v1/sessions/${forAda.id}`, { token: bob.token }));
      assert.deepEqual([after.status, after.requestedPartner], ['waiting', null]);
      const kept = await json(await h.request('GET', `/v1/sessions/${forCy.id}`, { token: bob.token }));
      assert.deepEqual([kept.status, kept.requestedPartner?.id], ['waiting', cy.id]);
    } finally {
      h.close();
    }
  });
});
