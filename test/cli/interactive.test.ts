import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeTerminals, inTerminal, KEY } from './pty.js';
import { person, runCowork, signedUpPerson } from './run-cowork.js';

/**
 * The interactive paths at a real terminal: prompts that ask again, confirmations, the countdown
 * that notices changes, and Ctrl-C. Server and CLI clocks stand at Mon 7 Jan 2030, 14:55 in Berlin.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ env: NOW });
});
after(async () => {
  closeTerminals();
  await server.stop();
});

const newPerson = (name: string) => signedUpPerson(server.url, name, NOW);
const sessionsOf = async (who: Awaited<ReturnType<typeof newPerson>>) => JSON.parse((await runCowork(who, ['list', '--json'])).stdout) as Session[];

describe('sign-up at a terminal', () => {
  test('asks again after a bad email, a short password and two passwords that differ', async () => {
    const term = inTerminal(person(server.url, NOW), ['signup']);
    await term.expect(/Your name/);
    term.type(`Ada${KEY.enter}`);
    await term.expect(/Email:/);
    term.type(`not-an-email${KEY.enter}`);
    await term.expect(/Type an email address such as ada@example\.com\./);
    term.type(`\x7f`.repeat(12) + `ada-pty-${process.pid}@example.org${KEY.enter}`);
    await term.expect(/Password:/);
    term.type(`short${KEY.enter}`);
    await term.expect(/At least 8 characters\./);
    term.type(`\x7f`.repeat(5) + `correct horse${KEY.enter}`);
    await term.expect(/Password again:/);
    term.type(`correct hose${KEY.enter}`);
    await term.expect(/The two passwords differ; type them again\./);
    term.type(`correct horse${KEY.enter}`);
    await term.expect(/Password again:/);
    term.type(`correct horse${KEY.enter}`);
    await term.expect(/Signed up and logged in as Ada/);
    assert.equal(await term.exited(), 0);
  });

  test('Ctrl-C at a prompt leaves with exit 130', async () => {
    const term = inTerminal(person(server.url, NOW), ['signup']);
    await term.expect(/Your name/);
    term.type(KEY.ctrlC);
    assert.equal(await term.exited(), 130);
  });
});

describe('cancel at a terminal', () => {
  test('answered No, it says "Nothing cancelled." and exits 1', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', '18:00']);
    const term = inTerminal(ada, ['cancel', 'next']);
    await term.expect(/Cancel Mon 7 Jan, 18:00–18:50 \(in 3 h 5 min\)\?/);
    term.type(`n${KEY.enter}`);
    await term.expect(/Nothing cancelled\./);
    assert.equal(await term.exited(), 1);
    assert.equal((await sessionsOf(ada))[0]?.status, 'waiting');
  });

  test('answered Yes within the hour before a matched start, it warns of a late cancel, then cancels', async () => {
    const ada = await newPerson('Ada');
    const bo = await newPerson('Bo');
    await runCowork(ada, ['book', '25m', '15:30']);
    await runCowork(bo, ['book', '25m', '15:30']);
    const term = inTerminal(ada, ['cancel', 'next']);
    await term.expect(/counts as a late cancel/);
    await term.expect(/Cancel Mon 7 Jan, 15:30–15:55 \(in 35 min\) with Bo\?/);
    term.type(`y${KEY.enter}`);
    await term.expect(/Cancelled Mon 7 Jan, 15:30–15:55/);
    assert.equal(await term.exited(), 0);
    assert.equal((await sessionsOf(bo))[0]?.status, 'waiting');
  });
});

describe('next --wait at a terminal', () => {
  // One re-read a second here (COWORK_POLL_SECONDS), so "within one poll interval" takes no long sleep.
  const POLL = { COWORK_POLL_SECONDS: '1' };

  test('counts down in days, hours and minutes, hears of a new partner, and stops at once on a cancel from another process', async () => {
    const ada = await newPerson('Ada');
    const bo = await newPerson('Bo');
    await runCowork(ada, ['book', '50m', 'thu', '9:00']);
    const term = inTerminal(ada, ['next', '--wait', '--no-open'], POLL);
    await term.expect(/Join window opens in 2 d 17 h 5\d min \(Thu 10 Jan, 08:50\) · Ctrl-C to leave/);
    await runCowork(bo, ['book', '50m', 'thu', '9:00']);
    await term.expect(/Now paired with Bo\./);
    assert.equal((await runCowork(ada, ['cancel', 'next', '--yes'])).code, 0);
    await term.expect(/Your session Thu 10 Jan, 09:00–09:50 was cancelled while you waited\./);
    assert.equal(await term.exited(), 3);
  });

  test('Ctrl-C while counting down leaves with exit 130', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', '21:00']);
    const term = inTerminal(ada, ['next', '--wait', '--no-open']);
    await term.expect(/Join window opens in 5 h 5\d min/);
    term.type(KEY.ctrlC);
    assert.equal(await term.exited(), 130);
  });
});
