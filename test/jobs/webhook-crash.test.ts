import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { createClient } from '@libsql/client';
import { Database } from '../../api/storage/engine/database.js';
import { callApi } from '../helpers/call-api.js';
import { startServerProcess } from '../helpers/server-process.js';
import { signatureIsValid, startReceiver } from '../helpers/webhook-receiver.js';

const SLOT = '2030-01-07T14:00:00.000Z';

test('a server killed (SIGKILL) between the change and the delivery: the event is delivered after restart', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-hook-crash-'));
  const dbPath = join(dir, 'cowork.db');
  const receiver = await startReceiver();
  const client = createClient({ url: pathToFileURL(dbPath).href });
  try {
    // The delivery lease belongs to a process that died and holds it until 11:00 on the server's
    // clock: the first server, at 10:00, commits the event but cannot send it (it would within
    // milliseconds of the commit otherwise), and its other jobs sleep for half an hour.
    (await Database.open({ url: pathToFileURL(dbPath).href })).close();
    await client.execute({
      sql: `INSERT INTO job_leases (job, holder, expires_at, due_at) VALUES ('deliver-webhooks', 'a-process-that-died', ?, 0)
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
      args: [Date.parse('2030-01-07T11:00:00Z')],
    });
    const first = await startServerProcess({
      dbPath,
      env: { COWORK_WEBHOOK_ALLOW_PRIVATE: '1', COWORK_NOW: '2030-01-07T10:00:00Z', COWORK_JOB_LEASE_MS: '3600000', COWORK_JOB_TICK_MS: '1800000' },
    });
    const people = [];
    for (const name of ['Ada', 'Bob']) {
      people.push(await callApi(first.url, 'POST', '/v1/users', undefined, { name, email: `${name}@example.org`, password: 'correct horse battery' }));
    }
    const hook = await callApi(first.url, 'POST', '/v1/webhooks', people[0].token, { url: receiver.url, events: ['session.matched'] });
    for (const person of people) await callApi(first.url, 'POST', '/v1/sessions', person.token, { start: SLOT, duration: 50 });
    const pending = await client.execute(`SELECT type, state FROM webhook_events`);
    assert.deepEqual(pending.rows.map((row) => [row.type, row.state]), [['session.matched', 'pending']]);
    first.kill('SIGKILL');
    await first.stop();
    assert.equal(receiver.received().length, 0, 'nothing was sent before the crash');

    // Two hours later on the server's clock, the dead holders' leases have expired.
    const second = await startServerProcess({
      dbPath,
      env: { COWORK_WEBHOOK_ALLOW_PRIVATE: '1', COWORK_NOW: '2030-01-07T12:00:00Z', COWORK_JOB_LEASE_MS: '2000', COWORK_JOB_TICK_MS: '200' },
    });
    try {
      const [event] = await receiver.waitFor(1);
      assert.equal(event!.type, 'session.matched');
      assert.equal(event!.data.session.partner.name, 'Bob');
      assert.ok(signatureIsValid(hook.secret, event!.body, event!.signature));
    } finally {
      await second.stop();
    }
    const after = await client.execute(`SELECT state, attempts FROM webhook_events`);
    assert.deepEqual(after.rows.map((row) => [row.state, Number(row.attempts)]), [['delivered', 1]]);
    assert.equal(receiver.received().length, 1);
  } finally {
    client.close();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
