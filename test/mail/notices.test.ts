import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { after, before, describe, test } from 'node:test';
import { codeIn, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { restartLater, runCowork, signedUpPerson, type CoworkEnv } from '../cli/run-cowork.js';
import { mailTo, mailsTo, startMailingServer } from './mail-kit.js';

/**
 * Opt-in notices (SPEC §14) from the built `bin/cowork serve` to a real SMTP server on loopback: a
 * reminder before a session, sent within 60 s of its due time (the server's clock moved, not waited
 * for), match, unmatch and cancel mails, and the RFC 8058 one-click unsubscribe that stops them.
 */
const START = '2030-01-07T14:00:00.000Z';
let sink: SmtpSink;
let server: ServerProcess;
// The database outlives the first server process: the reminder's test restarts it with a later clock.
const dir = mkdtempSync(join(tmpdir(), 'cowork-notices-'));
const mailEnv = () => ({ COWORK_SMTP_URL: sink.url, COWORK_MAIL_FROM: 'cowork <cowork@example.org>', COWORK_JOB_TICK_MS: '500' });
before(async () => {
  sink = await startSmtpSink();
  server = await startMailingServer(sink, { COWORK_NOW: '2030-01-07T13:20:00Z' }, join(dir, 'cowork.db'));
});
after(async () => {
  await server.stop();
  await sink.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function verifiedPerson(name: string): Promise<CoworkEnv & { email: string }> {
  const who = await signedUpPerson(server.url, name, { COWORK_NOW: '2030-01-07T13:20:00Z' });
  const verified = await runCowork(who, ['verify', codeIn(await mailTo(sink, who.email))]);
  assert.equal(verified.code, 0, verified.stderr);
  return who;
}

const header = (mail: ParsedMail, name: string) => mail.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');
const unsubscribeLink = (mail: ParsedMail) => /<(https?:\/\/[^>]+)>/.exec(header(mail, 'list-unsubscribe') ?? '')?.[1];

describe('notices by mail', () => {
  let bo: CoworkEnv & { email: string };
  let cy: CoworkEnv & { email: string };
  before(async () => {
    [bo, cy] = await Promise.all([verifiedPerson('Bo'), verifiedPerson('Cy')]);
  });

  test('an unverified address cannot ask for notices, and says how to verify', async () => {
    const dan = await signedUpPerson(server.url, 'Dan', { COWORK_NOW: '2030-01-07T13:20:00Z' });
    const refused = await runCowork(dan, ['settings', '--mail-matches']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /verify yours with the code mailed at sign-up/);
  });

  test('matched, unmatched and cancelled each mail the person who asked, with List-Unsubscribe and one-click List-Unsubscribe-Post', async () => {
    const on = await runCowork(bo, ['settings', '--mail-matches', '--json']);
    assert.equal(on.code, 0, on.stderr);
    assert.equal(JSON.parse(on.stdout).matches, true);
    assert.equal((await runCowork(cy, ['book', '50m', START])).code, 0);
    assert.equal((await runCowork(bo, ['book', '50m', START])).code, 0);
    const matched = await mailTo(sink, bo.email, 2);
    assert.match(String(matched.subject), /^Matched: your session at Mon 7 Jan, 15:00/);
    assert.match(String(matched.text), /is matched with Cy/);
    assert.match(String(matched.html), /is matched with Cy/);
    assert.equal(header(matched, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.match(unsubscribeLink(matched) ?? '', new RegExp(`^${server.url.replace(/:\d+$/, '')}:\\d+/v1/mail/unsubscribe\\?token=`));

    assert.equal((await runCowork(cy, ['cancel', 'next', '--yes'])).code, 0);
    assert.match(String((await mailTo(sink, bo.email, 3)).subject), /^Partner gone/);
    assert.equal((await runCowork(bo, ['cancel', 'next', '--yes'])).code, 0);
    assert.match(String((await mailTo(sink, bo.email, 4)).subject), /^Cancelled/);
    assert.equal(mailsTo(sink, cy.email).length, 1, 'Cy asked for nothing: only the verification code');
  });

  test('the one-click POST of the link turns every notice off; the link opened in a browser changes nothing; a forged one is refused', async () => {
    assert.equal((await runCowork(bo, ['settings', '--mail-reminder', '10m'])).code, 0);
    const link = unsubscribeLink(mailsTo(sink, bo.email).at(-1)!)!;
    const direct = link.replace(/^https?:\/\/[^/]+/, server.url);
    const page = await fetch(direct);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post"/);
    assert.equal(JSON.parse((await runCowork(bo, ['settings', '--json', '--mail-reminder', '10m'])).stdout).matches, true, 'the GET changed nothing');
    const token = new URL(direct).searchParams.get('token')!;
    const forgedToken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const forged = await fetch(`${server.url}/v1/mail/unsubscribe?token=${forgedToken}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(forged.status, 403);
    const clicked = await fetch(direct, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(clicked.status, 200);
    const settings = await runCowork(bo, ['settings']);
    assert.match(settings.stdout, /reminder +off\nmatch mails +off/);
    const before = mailsTo(sink, bo.email).length;
    assert.equal((await runCowork(cy, ['book', '50m', '2030-01-07T16:00:00Z'])).code, 0);
    assert.equal((await runCowork(bo, ['book', '50m', '2030-01-07T16:00:00Z'])).code, 0);
    await mailTo(sink, cy.email, 1);
    assert.equal(mailsTo(sink, bo.email).length, before, 'no match mail after unsubscribing');
  });

  test('a reminder leaves within 60 s of its due time (the server restarted just before it, its clock moved)', { timeout: 90_000 }, async () => {
    assert.equal((await runCowork(cy, ['settings', '--mail-reminder', '10m'])).code, 0);
    assert.equal((await runCowork(cy, ['book', '25m', '2030-01-07T15:00:00Z'])).code, 0);
    const due = Date.parse('2030-01-07T14:50:00Z');
    const startedAt = Date.now();
    server = await restartLater(server, [cy], { ...mailEnv(), COWORK_NOW: '2030-01-07T14:49:55Z' });
    const reminder = await mailTo(sink, cy.email, 2);
    const arrival = sink.received.find((r) => r.mail === reminder)!.at.getTime();
    const serverTimeAtArrival = Date.parse('2030-01-07T14:49:55Z') + (arrival - startedAt);
    assert.ok(serverTimeAtArrival - due <= 60_000, `the reminder left ${(serverTimeAtArrival - due) / 1000} s after its due time`);
    assert.match(String(reminder.subject), /^Starting in 10 min: your 25-minute session/);
    assert.match(String(reminder.text), /starts at Mon 7 Jan, 16:00/);
    assert.equal(header(reminder, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  });
});
