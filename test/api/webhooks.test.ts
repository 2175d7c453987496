import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { announceStartingJob } from '../../api/jobs/announce-starting.js';
import { deliverWebhooksJob } from '../../api/jobs/deliver-webhooks.js';
import { emitRoutineSkipped } from '../../api/storage/outbox.js';
import { signatureIsValid, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { addWebhook } from './webhook-fixtures.js';
import { createHarness, json } from './harness.js';

const SLOT = '2030-01-07T14:00:00.000Z';
const allowed = { timeoutMs: 5_000, allowPrivate: true };

let receiver: Receiver;
before(async () => (receiver = await startReceiver()));
after(() => receiver.stop());

test('each event type reaches its own person once per change, signed with that webhook\'s secret', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const deliver = deliverWebhooksJob(h.db, allowed);
    const people = { ada: await h.signUp('Ada'), bob: await h.signUp('Bob'), cy: await h.signUp('Cy') };
    const secrets = new Map<string, string>();
    for (const [name, person] of Object.entries(people)) secrets.set(`/hook?${name}`, (await addWebhook(h, person.token, `${receiver.url}?${name}`)).secret);
    const seen = receiver.received().length;

    await h.book(people.ada.token, SLOT);
    const bobSession = (await json(await h.book(people.bob.token, SLOT, 50, 'taxes'))).id as string;
    assert.equal((await h.request('DELETE', `/v1/sessions/${bobSession}`, { token: people.bob.token })).status, 200);
    await h.book(people.cy.token, SLOT);
    h.clock.set('2030-01-07T13:51:00.000Z');
    const announce = announceStartingJob(h.db);
    await announce.runOnce(h.clock.now());
    await announce.runOnce(h.clock.now());
    await h.db.write((tx) => emitRoutineSkipped(tx, people.ada.id, { routineId: 'r1', start: SLOT, reason: 'overlap' }, h.clock.now()));
    await deliver.runOnce(h.clock.now());
    await deliver.runOnce(h.clock.now());

    // The receiver reports on its stdout, which may trail its HTTP answers.
    const got = (await receiver.waitFor(seen + 9)).slice(seen);
    const lines = got.map((event) => `${event.path.split('?')[1]} ${event.type} ${event.data.reason ?? ''}`.trim()).sort();
    assert.deepEqual(lines, [
      'ada routine.skipped overlap',
      'ada session.matched', // with Bob
      'ada session.matched', // with Cy, after Bob left
      'ada session.starting',
      'ada session.unmatched partner-cancelled',
      'bob session.cancelled',
      'bob session.matched',
      'cy session.matched',
      'cy session.starting',
    ]);
    assert.equal(new Set(got.map((event) => event.id)).size, got.length, 'each change is its own event');
    for (const event of got) assert.ok(signatureIsValid(secrets.get(event.path)!, event.body, event.signature), `${event.path} ${event.type} is signed`);
    const unmatched = got.find((event) => event.type === 'session.unmatched')!;
    assert.equal(unmatched.data.session.status, 'waiting');
    assert.equal(unmatched.data.session.partner, null, 'Ada\'s own view: waiting, no partner, no trace of Bob');
    const cyMatched = got.find((event) => event.path.endsWith('cy') && event.type === 'session.matched')!;
    assert.equal(cyMatched.data.session.partner.name, 'Ada');
  } finally {
    h.close();
  }
});

test('a webhook that listens to some events gets only those', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    await addWebhook(h, ada.token, `${receiver.url}?only-cancelled`, ['session.cancelled']);
    const seen = receiver.received().length;
    const id = (await json(await h.book(ada.token, SLOT))).id as string;
    await h.book(bob.token, SLOT);
    await h.request('DELETE', `/v1/sessions/${id}`, { token: ada.token });
    await deliverWebhooksJob(h.db, allowed).runOnce(h.clock.now());
    const queued = await h.inspect().execute('SELECT type FROM webhook_events');
    assert.deepEqual(queued.rows.map((row) => row.type), ['session.cancelled']);
    assert.deepEqual((await receiver.waitFor(seen + 1)).slice(seen).map((event) => event.type), ['session.cancelled']);
  } finally {
    h.close();
  }
});

test('session.starting is never sent once the session has ended', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    await addWebhook(h, ada.token, `${receiver.url}?late`);
    await h.book(ada.token, SLOT);
    await h.book(bob.token, SLOT);
    h.clock.set('2030-01-07T14:50:00.000Z');
    assert.equal(await announceStartingJob(h.db).runOnce(h.clock.now()), false);
    const pending = await h.inspect().execute(`SELECT type FROM webhook_events WHERE type = 'session.starting'`);
    assert.equal(pending.rows.length, 0);
  } finally {
    h.close();
  }
});

test('a decline tells the partner partner-declined and a block partner-unavailable; the one who acted is told nothing', { timeout: 60_000 }, async () => {
  const h = await createHarness(undefined, undefined, { webhooks: { allowPrivate: true } });
  try {
    const deliver = deliverWebhooksJob(h.db, allowed);
    const people = { ada: await h.signUp('Ada'), bob: await h.signUp('Bob'), cy: await h.signUp('Cy') };
    for (const [name, person] of Object.entries(people)) await addWebhook(h, person.token, `${receiver.url}?${name}-2`);
    const seen = receiver.received().length;

    const adaSession = (await json(await h.book(people.ada.token, SLOT))).id as string;
    await h.book(people.bob.token, SLOT);
    assert.equal((await h.request('POST', `/v1/sessions/${adaSession}/decline`, { token: people.ada.token })).status, 200);
    const later = '2030-01-08T14:00:00.000Z';
    await h.book(people.cy.token, later);
    const bobLater = (await json(await h.book(people.bob.token, later))).id as string;
    assert.equal((await h.request('PUT', `/v1/blocks/${people.bob.id}`, { token: people.cy.token })).status, 200);
    await deliver.runOnce(h.clock.now());

    const got = (await receiver.waitFor(seen + 6)).slice(seen);
    const lines = got.map((event) => `${event.path.split('?')[1]} ${event.type} ${event.data.reason ?? ''}`.trim());
    assert.deepEqual(lines.filter((line) => line.startsWith('ada')), ['ada-2 session.matched'], 'the decliner is told nothing of her own decline');
    assert.deepEqual(lines.filter((line) => line.startsWith('bob')), [
      'bob-2 session.matched', 'bob-2 session.unmatched partner-declined', // with Ada, who declined
      'bob-2 session.matched', 'bob-2 session.unmatched partner-unavailable', // with Cy, who blocked him
    ]);
    assert.deepEqual(lines.filter((line) => line.startsWith('cy')), ['cy-2 session.matched'], 'the blocker is told nothing of her own block');
    const lastBob = got.filter((event) => event.path.endsWith('bob-2')).at(-1)!;
    assert.equal(lastBob.data.session.id, bobLater);
    assert.equal(lastBob.data.session.partner, null);
    assert.doesNotMatch(lastBob.body, /block/i, 'nothing says he was blocked');
  } finally {
    h.close();
  }
});
