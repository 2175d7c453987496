import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ICAL from 'ical.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { signatureIsValid, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { inTerminal } from './pty.js';
import { runCowork, signedUpPerson } from './run-cowork.js';

// The server runs its jobs every 200 ms here, so a ping is delivered while the test waits for it.
const ENV = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
  server = await startServerProcess({
    env: { ...ENV, COWORK_WEBHOOK_ALLOW_PRIVATE: '1', COWORK_JOB_TICK_MS: '200', COWORK_JOB_LEASE_MS: '2000' },
    checkContract: true,
  });
});
after(async () => {
  await server.stop();
  await receiver.stop();
});

test('cowork webhook add shows the secret once; list, ping (a signed event arrives), deliveries and rm work, with --json', { timeout: 60_000 }, async () => {
  const ada = await signedUpPerson(server.url, 'Ada', ENV);
  const added = await runCowork(ada, ['webhook', 'add', receiver.url, '--events', 'session.matched,session.cancelled', '--json']);
  assert.equal(added.code, 0, added.stderr);
  const hook = JSON.parse(added.stdout) as { id: string; secret: string; events: string[] };
  assert.deepEqual(hook.events, ['session.matched', 'session.cancelled']);
  assert.match(hook.secret, /^whsec_/);

  const listed = await runCowork(ada, ['webhook', 'list']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`${hook.id}\\s+http://127\\.0\\.0\\.1:\\d+/hook\\s+session\\.matched,session\\.cancelled`));
  assert.doesNotMatch(listed.stdout, /whsec_/);

  const ping = await runCowork(ada, ['webhook', 'ping', hook.id]);
  assert.equal(ping.code, 0, ping.stderr);
  const [event] = await receiver.waitFor(1);
  assert.equal(event!.type, 'ping');
  assert.ok(signatureIsValid(hook.secret, event!.body, event!.signature));
  let deliveries: { outcome: string; status: number }[] = [];
  while (deliveries.length === 0) deliveries = JSON.parse((await runCowork(ada, ['webhook', 'deliveries', hook.id, '--json'])).stdout);
  assert.deepEqual(deliveries.map((entry) => [entry.outcome, entry.status]), [['delivered', 200]]);

  const refused = await runCowork(ada, ['webhook', 'rm', hook.id]);
  assert.notEqual(refused.code, 0, 'no confirmation without a terminal and no --yes');
  const removed = await runCowork(ada, ['webhook', 'rm', hook.id, '--yes', '--json']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(JSON.parse(removed.stdout), { id: hook.id, removed: true });
  assert.match((await runCowork(ada, ['webhook', 'list'])).stderr, /No webhooks/);
});

test('cowork webhook add refuses a URL with credentials and says why, writing nothing', async () => {
  const ada = await signedUpPerson(server.url, 'Ada', ENV);
  const result = await runCowork(ada, ['webhook', 'add', 'https://user:pw@example.org/hook']);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /user name or password/);
  assert.equal(JSON.parse((await runCowork(ada, ['webhook', 'list', '--json'])).stdout).length, 0);
});

test('cowork calendar prints the feed URL, the same each time, and --rotate replaces it; the feed parses', async () => {
  const ada = await signedUpPerson(server.url, 'Ada', ENV);
  assert.equal((await runCowork(ada, ['book', '50m', '16:00'])).code, 0);
  const first = await runCowork(ada, ['calendar']);
  assert.equal(first.code, 0, first.stderr);
  const url = first.stdout.trim();
  assert.match(url, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.equal(JSON.parse((await runCowork(ada, ['calendar', '--json'])).stdout).url, url);
  const feed = new ICAL.Component(ICAL.parse(await (await fetch(url)).text()));
  assert.equal(feed.getAllSubcomponents('vevent').length, 1);
  const rotated = (await runCowork(ada, ['calendar', '--rotate'])).stdout.trim();
  assert.notEqual(rotated, url);
  assert.equal((await fetch(url)).status, 404);
});

test('webhook add --events says in words that ping is sent on demand and what the events are, writing nothing', async () => {
  const ada = await signedUpPerson(server.url, 'Ada', ENV);
  const ping = await runCowork(ada, ['webhook', 'add', receiver.url, '--events', 'session.cancelled,ping']);
  assert.equal(ping.code, 2);
  assert.match(ping.stderr, /ping is not an event a webhook subscribes to: `cowork webhook ping <id>` sends one/);
  assert.match(ping.stderr, /The events: session\.matched, session\.unmatched, session\.starting, session\.cancelled, routine\.skipped/);
  assert.doesNotMatch(ping.stderr, /events\.1|must be one of/);
  const unknown = await runCowork(ada, ['webhook', 'add', receiver.url, '--events', 'session.cancel']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /"session\.cancel" is not an event cowork sends/);
  assert.equal(JSON.parse((await runCowork(ada, ['webhook', 'list', '--json'])).stdout).length, 0);
});

test('webhook rm of an id you do not have says so before asking anything', async () => {
  const ada = await signedUpPerson(server.url, 'Ada', ENV);
  const piped = await runCowork(ada, ['webhook', 'rm', 'wh_nope']);
  assert.equal(piped.code, 3);
  assert.match(piped.stderr, /You have no webhook wh_nope/);
  assert.doesNotMatch(piped.stderr, /--yes/);
  const terminal = inTerminal(ada, ['webhook', 'rm', 'wh_nope']);
  await terminal.expect(/You have no webhook wh_nope/);
  assert.equal(await terminal.exited(), 3);
  assert.doesNotMatch(terminal.screen(), /Remove webhook/);
});
