import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson } from './run-cowork.js';

/**
 * Booking, listing, tasks and cancelling through the real bin/cowork. Server and CLI both start
 * their clocks at Monday 7 Jan 2030, 14:55 in Berlin (COWORK_NOW), so dates in words are known.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
// Every test books its own slots: people from different tests booking the same slot would be paired.
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ env: NOW, checkContract: true });
});
after(() => server.stop());

const newPerson = (name: string) => signedUpPerson(server.url, name, NOW);
const ESC = '\x1b[';

describe('book', () => {
  test('book prints the resolved date in words and the session id', async () => {
    const ada = await newPerson('Ada');
    const result = await runCowork(ada, ['book', '50m', '16:00', '--task', 'write the report']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Booked Mon 7 Jan, 16:00–16:50 \(in 1 h \d+ min\) · waiting for a partner/);
    assert.match(result.stdout, /your task: write the report/);
    assert.match(result.stdout, /id [0-9a-f]{24}/);
  });

  test('book --json prints exactly the created session and says the date on stderr', async () => {
    const ada = await newPerson('Ada');
    const result = await runCowork(ada, ['book', '25', 'tomorrow', '9:30', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const session = JSON.parse(result.stdout) as Session;
    assert.equal(session.start, '2030-01-08T08:30:00.000Z');
    assert.equal(session.duration, 25);
    assert.equal(session.status, 'waiting');
    assert.match(result.stderr, /Booked Tue 8 Jan, 09:30–09:55/);
  });

  test('two people booking the same slot are matched and see each other and both tasks', async () => {
    const ada = await newPerson('Ada');
    const bo = await newPerson('Bo');
    assert.equal((await runCowork(ada, ['book', '75m', 'tue 10:00', '--task', 'taxes'])).code, 0);
    const booked = await runCowork(bo, ['book', '1h15m', 'tue 10:00', '--task', 'thesis', '--json']);
    const session = JSON.parse(booked.stdout) as Session;
    assert.equal(session.status, 'matched');
    assert.equal(session.partner?.name, 'Ada');
    assert.equal(session.partnerTask, 'taxes');
    const table = await runCowork(ada, ['list']);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^WHEN +STARTS +STATUS +YOUR TASK +THEIR TASK +ID\n/);
    assert.match(table.stdout, /Tue 8 Jan, 10:00–11:15 +in 19 h \d+ min +matched with Bo +taxes +thesis +[0-9a-f]{24}/);
  });

  test('a booking that overlaps one of yours exits 3 and names the session it collides with', async () => {
    const ada = await newPerson('Ada');
    const first = JSON.parse((await runCowork(ada, ['book', '50m', '18:00', '--json'])).stdout) as Session;
    const result = await runCowork(ada, ['book', '25m', '18:30']);
    assert.equal(result.code, 3);
    assert.match(result.stderr, new RegExp(`overlaps your session Mon 7 Jan, 18:00–18:50 \\(id ${first.id}\\)`));
  });

  test('an off-quarter time exits 2 with the two nearest valid starts, without asking the server', async () => {
    const result = await runCowork(await newPerson('Ada'), ['book', '50m', '14:07']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /nearest valid starts are Tue 8 Jan, 14:00 and Tue 8 Jan, 14:15/);
  });

  test('a duration other than 25, 50 or 75 minutes exits 2', async () => {
    const result = await runCowork(await newPerson('Ada'), ['book', '1h', '16:00']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /25, 50 or 75 minutes, not 60/);
  });

  test('a start in the past, refused by the server with 422, exits 2', async () => {
    const result = await runCowork(await newPerson('Ada'), ['book', '50m', '2030-01-07T09:00Z']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /already begun/);
  });

  test('a task over 280 characters exits 2 and speaks of the task, not of a request body', async () => {
    const ada = await newPerson('Ada');
    for (const args of [['book', '50m', '20:00', '--task', 'x'.repeat(281)], ['task', 'next', 'x'.repeat(281)]]) {
      const result = await runCowork(ada, args);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, 'cowork: The task is 281 characters long; the limit is 280.\n  Shorten it by 1; your partner sees all of it.\n');
    }
  });
});

describe('list', () => {
  test('list --json prints one array of sessions, upcoming first', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '25m', 'wed 9:00']);
    await runCowork(ada, ['book', '25m', '16:15']);
    const result = await runCowork(ada, ['list', '--json']);
    const sessions = JSON.parse(result.stdout) as Session[];
    assert.deepEqual(sessions.map((s) => s.start), ['2030-01-07T15:15:00.000Z', '2030-01-09T08:00:00.000Z']);
  });

  test('list fits 80 columns at COLUMNS=80, and keeps one line per session', async () => {
    const ada = await newPerson('Ada');
    const bo = await newPerson('Bartholomew-Alexander');
    for (const who of [ada, bo]) await runCowork(who, ['book', '75m', 'tomorrow', '14:00', '--task', 'a long description of the work planned for the afternoon']);
    await runCowork(ada, ['book', '25m', 'wed', '9:00', '--task', 'short']);
    const narrow = await runCowork(ada, ['list'], { env: { COLUMNS: '80' } });
    const lines = narrow.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, narrow.stdout);
    assert.ok(lines.every((line) => [...line].length <= 80), narrow.stdout);
    assert.match(lines[1] ?? '', /^Tue 8 Jan, 14:00–15:15 .* [0-9a-f]{24}$/);
    const piped = await runCowork(ada, ['list']);
    assert.equal(piped.stdout.trimEnd().split('\n').length, 3);
    assert.match(piped.stdout, /a long description of the work planned for the afternoon/);
  });

  test('list with nothing booked says so on stderr and prints nothing on stdout', async () => {
    const result = await runCowork(await newPerson('Ada'), ['list']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /No upcoming sessions/);
  });

  test('colour appears only when forced, and never with NO_COLOR or --no-color', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', '19:00']);
    assert.ok((await runCowork(ada, ['list'], { env: { FORCE_COLOR: '1' } })).stdout.includes(ESC));
    const noColor = await runCowork(ada, ['list'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.match(noColor.stdout, /waiting/);
    assert.ok(!noColor.stdout.includes(ESC) && !noColor.stderr.includes(ESC));
    assert.ok(!(await runCowork(ada, ['list', '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout.includes(ESC));
    assert.ok(!(await runCowork(ada, ['list'])).stdout.includes(ESC), 'a pipe is not a terminal');
  });
});

describe('task and cancel', () => {
  test('task next sets your task, and your partner sees it', async () => {
    const ada = await newPerson('Ada');
    const bo = await newPerson('Bo');
    await runCowork(ada, ['book', '50m', '16:30']);
    await runCowork(bo, ['book', '50m', '16:30']);
    const result = await runCowork(ada, ['task', 'next', 'chapter 2', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, 'Task set for Mon 7 Jan, 16:30–17:20.\n');
    assert.equal((JSON.parse(result.stdout) as Session).task, 'chapter 2');
    const seen = JSON.parse((await runCowork(bo, ['list', '--json'])).stdout) as Session[];
    assert.equal(seen[0]?.partnerTask, 'chapter 2');
  });

  test('cancel without --yes on a non-terminal exits 2 and cancels nothing', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', '21:00']);
    const result = await runCowork(ada, ['cancel', 'next']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--yes/);
    const sessions = JSON.parse((await runCowork(ada, ['list', '--json'])).stdout) as Session[];
    assert.equal(sessions[0]?.status, 'waiting');
  });

  test('cancel --yes cancels, the partner goes back to waiting, and list --all still shows it', async () => {
    const ada = await newPerson('Ada');
    const bo = await newPerson('Bo');
    const mine = JSON.parse((await runCowork(ada, ['book', '50m', '17:00', '--json'])).stdout) as Session;
    await runCowork(bo, ['book', '50m', '17:00']);
    const result = await runCowork(ada, ['cancel', mine.id, '--yes', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as Session).status, 'cancelled');
    const theirs = JSON.parse((await runCowork(bo, ['list', '--json'])).stdout) as Session[];
    assert.equal(theirs[0]?.status, 'waiting');
    assert.deepEqual(JSON.parse((await runCowork(ada, ['list', '--json'])).stdout), []);
    const all = JSON.parse((await runCowork(ada, ['list', '--all', '--json'])).stdout) as Session[];
    assert.deepEqual(all.map((s) => [s.id, s.status]), [[mine.id, 'cancelled']]);
  });

  test('cancel says "Cancelled" once, and suggests no task for a cancelled session', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', '22:00']);
    const result = await runCowork(ada, ['cancel', 'next', '--yes']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Cancelled Mon 7 Jan, 22:00–22:50\n {2}your task: \(none\)\n/);
    assert.equal(result.stdout.match(/cancel/gi)?.length, 1, result.stdout);
    assert.doesNotMatch(result.stdout, /cowork task/);
  });

  test('cancel of an id that is not yours exits 3', async () => {
    const result = await runCowork(await newPerson('Ada'), ['cancel', '0123456789abcdef', '--yes']);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /does not exist or is not yours/);
  });
});
