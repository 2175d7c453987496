import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseSmtpUrl, type MailSettings } from '../../api/config/mail-settings.js';
import { deliverMailJob } from '../../api/mail/deliver-mail.js';
import { queueMail } from '../../api/storage/mail-outbox.js';
import { createHarness } from '../api/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

/**
 * The mail job against a real SMTP server on loopback (SPEC §14): each message leaves with a text
 * and an HTML part; a server that is down delays mail and loses none; one that stalls is cut off
 * at the send's deadline. The job's steps are driven by hand with the harness's clock.
 */
const h = await createHarness();
const client = h.inspect();
let sink: SmtpSink;
let person: { id: string; email: string };
before(async () => {
  sink = await startSmtpSink();
  const signedUp = await h.signUp('Ada');
  person = { id: signedUp.id, email: signedUp.email };
});
after(async () => {
  await sink.stop();
  h.close();
});
beforeEach(async () => {
  await client.execute('DELETE FROM mail_outbox');
  sink.received.length = 0;
});

const settingsFor = (url: string, timeoutMs = 5_000): MailSettings => ({
  smtp: parseSmtpUrl(url), from: 'cowork <cowork@example.org>', timeoutMs, retry: { firstMs: 30_000, longestMs: 3_600_000 }, admins: [],
});

async function queue(subject: string, minutes = 24 * 60): Promise<void> {
  const now = h.clock.now();
  await h.db.write((tx) => queueMail(tx, {
    userId: person.id, kind: 'test', to: person.email, subject, text: `plain ${subject}`, html: `<p>html ${subject}</p>`,
    expiresAt: new Date(now.getTime() + minutes * 60_000),
  }, now));
}

const outbox = async () => (await client.execute('SELECT subject, state, attempts, next_attempt_at, text_body, last_error FROM mail_outbox ORDER BY seq')).rows;

describe('the mail job', () => {
  test('hands each message to the SMTP server with a plain-text and an HTML part, logged in with the URL\'s credentials', async () => {
    await queue('Hello');
    const job = deliverMailJob(h.db, settingsFor(sink.url));
    assert.equal(await job.runOnce(h.clock.now()), false);
    const [received] = await sink.waitFor(1);
    assert.deepEqual(received!.rcptTo, [person.email]);
    assert.equal(received!.mail.subject, 'Hello');
    assert.deepEqual(received!.mail.from?.value.map(({ name, address }) => ({ name, address })), [{ name: 'cowork', address: 'cowork@example.org' }]);
    assert.equal(received!.mail.text?.trim(), 'plain Hello');
    assert.match(String(received!.mail.html), /<p>html Hello<\/p>/);
    const [row] = await outbox();
    assert.deepEqual([row!.state, row!.attempts, row!.text_body], ['sent', 1, ''], 'sent once, and its body is not kept');
    await job.runOnce(h.clock.now());
    assert.equal(sink.received.length, 1, 'a second step sends nothing again');
  });

  test('an SMTP server that is down delays every mail and loses none; once it is up each is delivered exactly once', async () => {
    for (const subject of ['one', 'two', 'three']) await queue(subject);
    const job = deliverMailJob(h.db, settingsFor(sink.url));
    await sink.stop();
    try {
      await job.runOnce(h.clock.now());
      const tried = (await outbox()).filter((row) => Number(row.attempts) === 1);
      assert.ok(tried.length >= 1);
      for (const row of tried) assert.match(String(row.last_error), /ECONNREFUSED|connect/i);
      // Ten minutes apart, steps meet the server still down: every mail waits, none is given up.
      for (let step = 0; step < 6; step += 1) {
        h.clock.advance(10);
        await job.runOnce(h.clock.now());
      }
      const rows = await outbox();
      assert.equal(rows.every((row) => row.state === 'pending' && Number(row.attempts) >= 2), true, JSON.stringify(rows));
    } finally {
      await sink.start();
    }
    for (let step = 0; step < 4; step += 1) {
      h.clock.advance(60);
      await job.runOnce(h.clock.now());
    }
    assert.deepEqual(sink.received.map((r) => r.mail.subject).sort(), ['one', 'three', 'two']);
    assert.equal((await outbox()).every((row) => row.state === 'sent'), true);
  });

  describe('an SMTP server that accepts the connection and never answers', () => {
    let silent: Server;
    let silentUrl: string;
    before(async () => {
      silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentUrl = `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => {
      silent.close(() => resolve());
      (silent as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    }));

    test('is cut off at the send\'s one deadline, and the mail waits for its retry', async () => {
      await queue('Stalled');
      const job = deliverMailJob(h.db, settingsFor(silentUrl, 500));
      const started = Date.now();
      await job.runOnce(h.clock.now());
      const took = Date.now() - started;
      assert.ok(took >= 450 && took < 3_000, `the step took ${took} ms, not about the 500 ms deadline`);
      const [row] = await outbox();
      assert.deepEqual([row!.state, row!.attempts], ['pending', 1]);
      assert.match(String(row!.last_error), /500 ms/);
    });
  });

  test('one person\'s backlog does not hold back another person\'s mail', async () => {
    for (let i = 0; i < 12; i += 1) await queue(`backlog ${i}`);
    const other = await h.signUp('Bo');
    const now = h.clock.now();
    await h.db.write((tx) => queueMail(tx, {
      userId: other.id, kind: 'test', to: other.email, subject: 'for Bo', text: 'x', html: '<p>x</p>', expiresAt: new Date(now.getTime() + 3_600_000),
    }, now));
    await deliverMailJob(h.db, settingsFor(sink.url)).runOnce(h.clock.now());
    assert.ok(sink.received.some((r) => r.mail.subject === 'for Bo'), 'sent in the first step, beside the first of the backlog');
    assert.ok(sink.received.length < 13);
  });

  test('a mail past its use (a reminder after its session began) is dropped, not sent', async () => {
    await queue('Too late', 1);
    h.clock.advance(2);
    await deliverMailJob(h.db, settingsFor(sink.url)).runOnce(h.clock.now());
    assert.equal(sink.received.length, 0);
    assert.equal((await outbox())[0]!.state, 'expired');
  });
});
