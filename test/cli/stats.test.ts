import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { PasswordQueue } from '../../api/accounts/password-queue.js';
import { createAttendanceKit } from '../api/attendance-kit.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { person, runCowork, type CoworkEnv } from './run-cowork.js';

/** Ada completed sessions on 8, 9 and 10 Jan 2030 (two on the 10th, the week of 7 Jan) and missed one on the 1st. */
const COMPLETED = ['2030-01-08T09:00:00Z', '2030-01-09T09:00:00Z', '2030-01-10T09:00:00Z', '2030-01-10T11:00:00Z'];
const MISSED = '2030-01-01T09:00:00Z';
const NOW = { COWORK_NOW: '2030-01-10T18:00:00Z' };
const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe('cowork stats', () => {
  let server: ServerProcess;
  let ada: CoworkEnv;

  before(async () => {
    // Ada logs in to a server process below, whose scrypt must read the hash her sign-up stored.
    const kit = await createAttendanceKit('2029-12-31T08:00:00.000Z', undefined, { passwords: new PasswordQueue() });
    let adaPerson;
    let bobPerson;
    for (const start of [MISSED, ...COMPLETED]) {
      kit.h.clock.set('2029-12-31T08:00:00.000Z');
      const a = await kit.book(adaPerson ?? 'Ada', start);
      const b = await kit.book(bobPerson ?? 'Bob', start);
      [adaPerson, bobPerson] = [a, b];
      kit.h.clock.set(shift(start, -2));
      const pages = start === MISSED ? [await kit.openPage(b)] : [await kit.openPage(a), await kit.openPage(b)];
      for (const page of pages) await kit.join(page);
    }
    kit.h.db.close();
    server = await startServerProcess({ dbPath: fileURLToPath(kit.h.dbUrl), env: NOW, checkContract: true });
    ada = person(server.url, { ...NOW, TZ: 'UTC' });
    const login = await runCowork(ada, ['login', '--email', adaPerson!.email, '--password-stdin'], { input: 'correct horse battery\n' });
    assert.equal(login.code, 0, login.stderr);
  });
  after(() => server?.stop());

  test('piped: a plain aligned bar chart of 12 weeks, then the rest in words', async () => {
    const result = await runCowork(ada, ['stats'], { env: { COLUMNS: '60' } });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /\x1b\[/, 'no colour when piped');
    const lines = result.stdout.split('\n');
    const bars = lines.filter((line) => /^ {2}[ \d]\d [A-Z][a-z]{2} {2}/.test(line));
    assert.equal(bars.length, 12);
    assert.equal(new Set(bars.map((line) => line.length)).size, 1, 'every bar line has the same width: counts aligned');
    assert.match(bars.at(-1)!, /^ {2} 7 Jan {2}#{40} 4$/);
    assert.match(bars.at(-2)!, /^ {2}31 Dec {2} {40} 0$/, 'the missed session does not count');
    assert.match(result.stdout, /Completed: {2}4 sessions, 1 h 40 min focused/);
    assert.match(result.stdout, /Streak: {5}3 days now, longest 3 days/);
    assert.match(result.stdout, /Attendance: 80 % of your last 5 sessions attended/);
    assert.match(result.stdout, /Missed: {5}1 no-show, 0 late cancels/);
  });

  test('on a terminal (FORCE_COLOR) the bars are coloured blocks; --json prints exactly the object', async () => {
    const coloured = await runCowork(ada, ['stats'], { env: { FORCE_COLOR: '1', COLUMNS: '60' } });
    assert.match(coloured.stdout, /\x1b\[36m█+\x1b\[39m/);
    const result = await runCowork(ada, ['stats', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const stats = JSON.parse(result.stdout) as Record<string, any>;
    assert.deepEqual([stats.completed, stats.minutesFocused, stats.noShows, stats.score], [4, 100, 1, 0.8]);
    assert.deepEqual(stats.streak, { current: 3, longest: 3 });
  });
});
