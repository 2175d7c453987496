import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createClient } from '@libsql/client';
import { after, before, test } from 'node:test';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { signedUpPerson } from '../cli/run-cowork.js';
import { startMailingServer } from './mail-kit.js';

/**
 * An SMTP server that is down for a while, then up again (SPEC §14): the built `bin/cowork serve`
 * keeps every mail queued meanwhile and, once the server answers, delivers each exactly once.
 */
let sink: SmtpSink;
let server: ServerProcess;
before(async () => {
  sink = await startSmtpSink();
  await sink.stop();
  server = await startMailingServer(sink, { COWORK_MAIL_FIRST_RETRY_MS: '1000', COWORK_MAIL_LONGEST_RETRY_MS: '2000' });
});
after(async () => {
  await server.stop();
  await sink.stop();
});

test('mail queued while the SMTP server is down waits, and each is delivered exactly once when it is back', { timeout: 90_000 }, async () => {
  const people = await Promise.all(['Ada', 'Bo', 'Cy', 'Dee'].map((name) => signedUpPerson(server.url, name)));
  const db = createClient({ url: `file:${server.dbPath}` });
  try {
    const failedAttempts = async () => Number((await db.execute(`SELECT count(*) AS n FROM mail_outbox WHERE state = 'pending' AND attempts >= 2`)).rows[0]!.n);
    for (let waited = 0; (await failedAttempts()) < people.length; waited += 250) {
      assert.ok(waited < 40_000, 'every mail was tried at least twice while the server was down');
      await delay(250);
    }
    assert.equal(sink.received.length, 0);
    await sink.start();
    await sink.waitFor(people.length, 30_000);
    // Long enough for any second copy: retries come every 2 s at most, the job runs every 5 s.
    await delay(7_000);
    assert.deepEqual(sink.received.map((r) => r.rcptTo[0]).sort(), people.map((p) => p.email).sort(), 'each address exactly once');
    const states = (await db.execute('SELECT state, count(*) AS n FROM mail_outbox GROUP BY state')).rows.map((row) => [String(row.state), Number(row.n)]);
    assert.deepEqual(states, [['sent', people.length]]);
  } finally {
    db.close();
  }
});
