import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { queueRemindersJob } from '../../api/mail/queue-reminders.js';
import { changeNotices, markVerified } from '../../api/storage/mail-accounts.js';
import { createHarness } from '../api/harness.js';

/** The reminder job (SPEC §14) driven by the harness's clock: one reminder per session, when due and only then. */
const h = await createHarness('2030-01-07T09:00:00.000Z');
const client = h.inspect();
after(() => h.close());

const reminders = async () => (await client.execute(`SELECT recipient, subject, expires_at FROM mail_outbox WHERE kind = 'reminder' ORDER BY seq`)).rows;

test('a reminder is queued once, from its due time until the start, and only to a verified address that asked', async () => {
  const ada = await h.signUp('Ada');
  const bo = await h.signUp('Bo');
  await h.db.write((tx) => markVerified(tx, ada.id, ada.email, h.clock.now()));
  await changeNotices(h.db, ada.id, { reminderMinutes: 10 });
  await changeNotices(h.db, bo.id, { reminderMinutes: 10 }); // never verified: no reminder
  for (const who of [ada, bo]) assert.equal((await h.book(who.token, '2030-01-07T10:00:00.000Z', 25)).status, 201);
  const job = queueRemindersJob(h.db);

  h.clock.set('2030-01-07T09:49:59.000Z');
  await job.runOnce(h.clock.now());
  assert.equal((await reminders()).length, 0, 'not before its due time');
  h.clock.set('2030-01-07T09:50:00.000Z');
  await job.runOnce(h.clock.now());
  h.clock.set('2030-01-07T09:55:00.000Z');
  await job.runOnce(h.clock.now());
  const queued = await reminders();
  assert.equal(queued.length, 1, 'once, and only for the verified address');
  assert.equal(queued[0]!.recipient, ada.email);
  assert.match(String(queued[0]!.subject), /^Starting in 10 min: your 25-minute session/);
  assert.equal(Number(queued[0]!.expires_at), Date.parse('2030-01-07T10:00:00.000Z'), 'of no use once the session began');
});

test('a session that starts before the job sees it due gets no reminder after its start', async () => {
  const cy = await h.signUp('Cy');
  h.clock.set('2030-01-07T10:00:00.000Z');
  await h.db.write((tx) => markVerified(tx, cy.id, cy.email, h.clock.now()));
  await changeNotices(h.db, cy.id, { reminderMinutes: 15 });
  assert.equal((await h.book(cy.token, '2030-01-07T10:30:00.000Z', 25)).status, 201);
  h.clock.set('2030-01-07T10:30:00.000Z');
  await queueRemindersJob(h.db).runOnce(h.clock.now());
  assert.equal((await reminders()).filter((row) => row.recipient === cy.email).length, 0);
});
