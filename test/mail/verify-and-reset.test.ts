import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callApi } from '../helpers/call-api.js';
import { codeIn, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { closeTerminals, inTerminal, KEY } from '../cli/pty.js';
import { person, runCowork, signedUpPerson, type CoworkEnv } from '../cli/run-cowork.js';
import { mailTo, mailsTo, startMailingServer } from './mail-kit.js';

/**
 * Address verification and password reset (SPEC §14) through the built CLI and `bin/cowork serve`,
 * every code read from a mail a real SMTP server on loopback accepted.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let sink: SmtpSink;
let server: ServerProcess;
before(async () => {
  sink = await startSmtpSink();
  server = await startMailingServer(sink, NOW);
});
after(async () => {
  closeTerminals();
  await server.stop();
  await sink.stop();
});

const tokenOf = async (who: CoworkEnv) => (await runCowork(who, ['config', 'get', 'token'])).stdout.trim();
const whoamiEmail = async (who: CoworkEnv) => JSON.parse((await runCowork(who, ['whoami', '--json'])).stdout).email as string;

describe('verification', () => {
  test('sign-up mails a code, with a text and an HTML part, that verifies the address once', async () => {
    const ada = person(server.url, NOW);
    const email = `ada-${process.pid}@example.org`;
    const signedUp = await runCowork(ada, ['signup', '--name', 'Ada', '--email', email, '--password-stdin'], { input: 'correct horse battery' });
    assert.match(signedUp.stderr, new RegExp(`A code to verify your address is on its way to ${email}; then run: cowork verify <code>`));
    const mail = await mailTo(sink, email);
    const code = codeIn(mail);
    assert.match(String(mail.html), new RegExp(`cowork verify ${code}`));
    const before = await runCowork(ada, ['verify', '--json', 'nothing']);
    assert.equal(before.code, 3, 'a wrong code is refused');
    const verified = await runCowork(ada, ['verify', code.toLowerCase(), '--json']);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stderr, new RegExp(`Verified: ${email} is your address\\.`));
    assert.equal(JSON.parse(verified.stdout).verified, true);
    const again = await runCowork(ada, ['verify', code]);
    assert.equal(again.code, 3);
    assert.match(again.stderr, /wrong, used or expired/);
  });

  test('a code leaves at once: each of three sign-ups finds its mail within 2 s, though the mail job steps every 5 s', async () => {
    for (const name of ['Cal', 'Dot', 'Eli']) {
      const email = `${name.toLowerCase()}-${process.pid}@example.org`;
      const signedUp = await runCowork(person(server.url, NOW), ['signup', '--name', name, '--email', email, '--password-stdin'], { input: 'correct horse battery' });
      assert.equal(signedUp.code, 0, signedUp.stderr);
      const answeredAt = performance.now();
      await mailTo(sink, email);
      const waited = performance.now() - answeredAt;
      assert.ok(waited < 2_000, `${name}'s code arrived ${Math.round(waited)} ms after the sign-up`);
    }
  });

  test('five wrong tries void a code; --resend mails a new one that works', async () => {
    const bo = await signedUpPerson(server.url, 'Bo', NOW);
    const first = codeIn(await mailTo(sink, bo.email));
    for (let i = 0; i < 5; i += 1) assert.equal((await runCowork(bo, ['verify', 'ZZZZZ-ZZZZZ'])).code, 3);
    assert.equal((await runCowork(bo, ['verify', first])).code, 3, 'the right code no longer works');
    const resent = await runCowork(bo, ['verify', '--resend']);
    assert.equal(resent.code, 0, resent.stderr);
    assert.equal((await runCowork(bo, ['verify', codeIn(await mailTo(sink, bo.email, 2))])).code, 0);
  });

  test('a new address replaces the old one only once its code is verified', async () => {
    const cy = await signedUpPerson(server.url, 'Cy', NOW);
    const newAddress = `cy-new-${process.pid}@example.net`;
    const asked = await runCowork(cy, ['change-email', newAddress, '--password-stdin'], { input: 'correct horse battery' });
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(asked.stderr, new RegExp(`your address stays ${cy.email}`));
    const code = codeIn(await mailTo(sink, newAddress));
    assert.equal(await whoamiEmail(cy), cy.email, 'still the old address');
    const verified = await runCowork(cy, ['verify', code]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(await whoamiEmail(cy), newAddress);
    const wrongPassword = await runCowork(cy, ['change-email', `cy-third-${process.pid}@example.net`, '--password-stdin'], { input: 'not my password' });
    assert.equal(wrongPassword.code, 3);
  });

  test('at a terminal change-email asks the current password, and the code goes to the new address', async () => {
    const hal = await signedUpPerson(server.url, 'Hal', NOW);
    const newAddress = `hal-new-${process.pid}@example.net`;
    const term = inTerminal(hal, ['change-email', newAddress]);
    await term.expect(/Current password:/);
    term.type(`correct horse battery${KEY.enter}`);
    await term.expect(new RegExp(`your address stays ${hal.email}`));
    assert.equal(await term.exited(), 0);
    assert.ok(codeIn(await mailTo(sink, newAddress)));
  });
});

describe('password reset', () => {
  test('a mailed code sets the password once and revokes every token and call link', async () => {
    const dee = await signedUpPerson(server.url, 'Dee', NOW);
    const eve = await signedUpPerson(server.url, 'Eve', NOW);
    for (const who of [dee, eve]) assert.equal((await runCowork(who, ['book', '50m', 'now'])).code, 0);
    const laptop = person(server.url, NOW);
    assert.equal((await runCowork(laptop, ['login', '--email', dee.email, '--password-stdin'], { input: 'correct horse battery' })).code, 0);
    const tokens = [await tokenOf(dee), await tokenOf(laptop)];
    const [session] = (await callApi(server.url, 'GET', '/v1/sessions', tokens[0])).data;
    const link = await callApi(server.url, 'POST', `/v1/sessions/${session.id}/join`, tokens[0]);
    const credential = new URL(link.url).hash.slice(1);
    assert.equal((await fetch(`${server.url}/v1/calls/${session.id}`, { headers: { authorization: `Bearer ${credential}` } })).status, 200);

    const asked = await runCowork(person(server.url, NOW), ['reset-password', '--email', dee.email]);
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(asked.stderr, /a code is on its way/);
    const code = codeIn(await mailTo(sink, dee.email, 2));
    const phone = person(server.url, NOW);
    const reset = await runCowork(phone, ['reset-password', '--email', dee.email, '--code', code, '--password-stdin'], { input: 'a brand new secret' });
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stderr, /Password set; every device was logged out/);

    for (const token of tokens) assert.equal((await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
    assert.equal((await fetch(`${server.url}/v1/calls/${session.id}`, { headers: { authorization: `Bearer ${credential}` } })).status, 401, 'the call link is revoked');
    assert.equal(await whoamiEmail(phone), dee.email, 'logged in with the new password');
    const reused = await runCowork(person(server.url, NOW), ['reset-password', '--email', dee.email, '--code', code, '--password-stdin'], { input: 'yet another secret' });
    assert.equal(reused.code, 3, 'the code works once');
    assert.equal((await runCowork(person(server.url, NOW), ['login', '--email', dee.email, '--password-stdin'], { input: 'correct horse battery' })).code, 4);
  });

  test('asking for an address no account has answers as for one that has it, and mails nothing', async () => {
    const nobody = `nobody-${process.pid}@example.org`;
    const fred = await signedUpPerson(server.url, 'Fred', NOW);
    const answers = await Promise.all([nobody, fred.email].map((email) =>
      fetch(`${server.url}/v1/password-resets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) })));
    assert.deepEqual(answers.map((r) => r.status), [202, 202]);
    assert.deepEqual(await Promise.all(answers.map((r) => r.text())), ['', '']);
    await mailTo(sink, fred.email, 2);
    assert.deepEqual(mailsTo(sink, nobody), []);
  });

  test('requests for one address are throttled after 5 an hour (429 with retryAt), whether or not an account has it', async () => {
    const email = `throttled-${process.pid}@example.org`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(`${server.url}/v1/password-resets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      statuses.push(response.status);
      if (response.status === 429) assert.ok(((await response.json()) as { retryAt?: string }).retryAt);
    }
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429]);
  });

  test('at a terminal it asks for the email, then the mailed code, then the new password twice', async () => {
    const gil = await signedUpPerson(server.url, 'Gil', NOW);
    const term = inTerminal(person(server.url, NOW), ['reset-password']);
    await term.expect(/Email:/);
    term.type(`${gil.email}${KEY.enter}`);
    await term.expect(/Code from the mail:/);
    term.type(`${codeIn(await mailTo(sink, gil.email, 2))}${KEY.enter}`);
    await term.expect(/Password:/);
    term.type(`new secret words${KEY.enter}`);
    await term.expect(/Password again:/);
    term.type(`new secret words${KEY.enter}`);
    await term.expect(new RegExp(`Logged in here as Gil <${gil.email}>`));
    assert.equal(await term.exited(), 0);
  });
});
