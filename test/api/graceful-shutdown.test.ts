import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { createClient } from '@libsql/client';
import { openEventStream } from '../helpers/event-stream.js';
import { startServerProcess } from '../helpers/server-process.js';

const DAY = 86_400_000;

test('SIGTERM lets in-flight bookings finish, stores every one that was answered, and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-shutdown-'));
  const dbPath = join(dir, 'cowork.db');
  try {
    // One person books 40 sessions here, above the default COWORK_MAX_UPCOMING.
    const server = await startServerProcess({ dbPath, env: { COWORK_MAX_UPCOMING: '100' } });
    const signUp = await fetch(`${server.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.org', password: 'long enough' }),
    });
    const { token } = (await signUp.json()) as { token: string };
    const firstDay = Math.floor(Date.now() / DAY + 1) * DAY;
    const bookings = Array.from({ length: 40 }, (_, i) =>
      fetch(`${server.url}/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ start: new Date(firstDay + i * DAY + 9 * 3_600_000).toISOString(), duration: 25 }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id: string } })),
    );
    await Promise.race(bookings);
    const exitCode = await server.stop();
    const settled = await Promise.allSettled(bookings);

    assert.equal(exitCode, 0);
    const answered = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    assert.ok(answered.length > 0);
    assert.deepEqual(answered.filter((a) => a.status !== 201), [], 'no request was cut off with an error status');
    const client = createClient({ url: pathToFileURL(dbPath).href });
    const stored = new Set((await client.execute('SELECT id FROM sessions')).rows.map((row) => String(row.id)));
    const integrity = await client.execute('PRAGMA integrity_check');
    client.close();
    for (const { body } of answered) assert.ok(stored.has(body.id), `answered booking ${body.id} is stored`);
    assert.equal(String(integrity.rows[0]![0]), 'ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM does not wait for connections that carry no request: one opened ahead of need, and one whose event stream its client dropped', async () => {
  const server = await startServerProcess();
  const signUp = await fetch(`${server.url}/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Ada', email: 'ada@example.org', password: 'long enough' }),
  });
  const { token } = (await signUp.json()) as { token: string };
  const dropped = await openEventStream(server.url, token);
  await dropped.until('ready');
  dropped.close();
  // As browsers and undici do: a connection opened for a request that has not come yet.
  const { port, hostname } = new URL(server.url);
  const ahead = connect(Number(port), hostname);
  await new Promise<void>((resolve) => ahead.once('connect', () => resolve()));
  const closed = new Promise<void>((resolve) => ahead.once('close', () => resolve()));
  ahead.on('error', () => {});

  const stopping = performance.now();
  assert.equal(await server.stop(), 0);
  const tookMs = performance.now() - stopping;
  await closed;
  // Before, the close waited for the client to hang up: 4 s for undici's idle connection, and the
  // headers deadline (10 s) for the one that never sent a request.
  assert.ok(tookMs < 2_000, `the server took ${Math.round(tookMs)} ms to stop`);
});
