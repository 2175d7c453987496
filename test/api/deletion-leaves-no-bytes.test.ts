import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * SPEC §16, "deleted data leaves no bytes behind": through the built `bin/cowork serve`, a person
 * leaves strings of their own in every table that can hold them, deletes the account, and within a
 * bounded time none of those strings is anywhere in the raw bytes of the database file or its WAL.
 */
const PASSWORD = 'correct horse battery';
const EMAIL = 'quillon.vexmarrow.5531@example.org';
const PERSON = {
  email: EMAIL,
  // Typed with capitals at a failed log-in: the throttle must keep neither form.
  typedEmail: 'Quillon.Vexmarrow.5531@Example.org',
  name: 'Quillon Vexmarrow',
  task: 'draft the xylocarp ledger',
  routineTask: 'sweep the zanthoxyl inbox',
  webhook: 'http://127.0.0.1:9/hooks/pterygoid-quokka-7781',
  reportNote: 'fell asleep during the blathersquonk',
  tokenLabel: 'gibbous-marmalade laptop',
};
/** How long after DELETE /v1/me the bytes may still be on disk (the checkpointer runs every second). */
const BOUND_MS = 10_000;

type Json = Record<string, any>;

async function call(server: ServerProcess, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function ok(pending: Promise<{ status: number; body: Json }>, status: number, what: string): Promise<Json> {
  const { status: actual, body } = await pending;
  assert.equal(actual, status, `${what}: ${JSON.stringify(body)}`);
  return body;
}

/** The strings of PERSON still in the raw bytes of these files, with the file that holds each. */
function leftovers(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const [label, text] of Object.entries(PERSON)) {
      if (bytes.indexOf(Buffer.from(text, 'utf8')) !== -1) found.push(`${label} in ${file.split('/').pop()}`);
    }
  }
  return found;
}

const CHECKPOINTERS: Array<{ what: string; env: Record<string, string>; secondProcess?: boolean }> = [
  { what: 'the checkpoint worker', env: {} },
  { what: 'no checkpoint worker (COWORK_DB_CHECKPOINT_MS=0)', env: { COWORK_DB_CHECKPOINT_MS: '0' } },
  { what: 'a second server process on the same database, reading meanwhile', env: {}, secondProcess: true },
];

for (const checkpointer of CHECKPOINTERS) test(`an account deleted leaves none of its strings in the raw bytes of the database file or its WAL within 10 s, with ${checkpointer.what}`, { timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-erasure-'));
  const dbPath = join(dir, 'cowork.db');
  const files = [dbPath, `${dbPath}-wal`];
  const env = { COWORK_WEBHOOK_ALLOW_PRIVATE: '1', ...checkpointer.env };
  try {
    let server = await startServerProcess({ dbPath, env: { ...env, COWORK_NOW: '2030-01-07T13:00:00Z' } });
    let person: Json;
    let bob: Json;
    let session: Json;
    try {
      person = await ok(call(server, 'POST', '/v1/users', { body: { name: PERSON.name, email: EMAIL, password: PASSWORD, timezone: 'Europe/Berlin' } }), 201, 'sign-up');
      bob = await ok(call(server, 'POST', '/v1/users', { body: { name: 'Bob', email: 'bob@example.org', password: PASSWORD } }), 201, 'sign-up');
      await ok(call(server, 'POST', '/v1/webhooks', { token: person.token, body: { url: PERSON.webhook } }), 201, 'webhook');
      session = await ok(call(server, 'POST', '/v1/sessions', {
        token: person.token, body: { start: '2030-01-07T14:00:00Z', duration: 50, task: PERSON.task }, headers: { 'Idempotency-Key': 'erasure-1' },
      }), 201, 'booking');
      // Copies written for Bob name the person: his webhook's event and his stored booking answer.
      await ok(call(server, 'POST', '/v1/webhooks', { token: bob.token, body: { url: 'http://127.0.0.1:9/bob' } }), 201, 'webhook');
      const bobs = await ok(call(server, 'POST', '/v1/sessions', {
        token: bob.token, body: { start: '2030-01-07T14:00:00Z', duration: 50 }, headers: { 'Idempotency-Key': 'bob-1' },
      }), 201, 'booking');
      assert.equal(bobs.partner?.name, PERSON.name, 'Bob is paired with the person, and told their name and task');
      await ok(call(server, 'POST', '/v1/routines', { token: person.token, body: { days: ['tue'], time: '09:00', duration: 25, task: PERSON.routineTask } }), 201, 'routine');
      await ok(call(server, 'GET', '/v1/me/calendar', { token: person.token }), 200, 'calendar feed');
      await ok(call(server, 'POST', '/v1/tokens', { body: { email: PERSON.typedEmail, password: 'not the password' } }), 401, 'a failed log-in');
      await ok(call(server, 'POST', '/v1/tokens', { body: { email: EMAIL, password: PASSWORD, label: PERSON.tokenLabel } }), 201, 'a log-in');
    } finally {
      await server.stop();
    }
    // The session has started: the person reports Bob (the report window opens at the start).
    server = await startServerProcess({ dbPath, env: { ...env, COWORK_NOW: '2030-01-07T14:10:00Z' } });
    const other = checkpointer.secondProcess ? await startServerProcess({ dbPath, env: { ...env, COWORK_NOW: '2030-01-07T14:10:00Z' } }) : undefined;
    let reading = true;
    const reads = (async () => {
      while (other && reading) await ok(call(other, 'GET', '/v1/sessions', { token: bob.token }), 200, 'Bob reads through the other process');
    })();
    try {
      await ok(call(server, 'POST', '/v1/reports', {
        token: person.token, body: { userId: bob.user.id, sessionId: session.id, reason: 'other', note: PERSON.reportNote },
      }), 201, 'report');
      // Every string is on disk before the deletion (the typed email never is: SECURITY.md).
      const before = new Set(leftovers(files).map((found) => found.split(' ')[0]));
      assert.deepEqual(Object.keys(PERSON).filter((label) => !before.has(label)), ['typedEmail'], 'the test finds what is there');

      const deletedAt = Date.now();
      await ok(call(server, 'DELETE', '/v1/me', { token: person.token, body: { password: PASSWORD } }), 204, 'deletion');
      let left = leftovers(files);
      while (left.length > 0 && Date.now() - deletedAt < BOUND_MS) {
        await sleep(20);
        left = leftovers(files);
      }
      const elapsed = Date.now() - deletedAt;
      assert.deepEqual(left, [], `${BOUND_MS} ms after DELETE /v1/me the files still hold: ${left.join(', ')}`);
      t.diagnostic(`no byte of the person left ${elapsed} ms after DELETE /v1/me`);
      // The server goes on working on the same files.
      await ok(call(server, 'GET', '/v1/me', { token: bob.token }), 200, 'Bob after the deletion');
    } finally {
      reading = false;
      await reads;
      await Promise.all([server.stop(), other?.stop()]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
