import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Routine, Session } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson } from './run-cowork.js';

/**
 * One time grammar for every command that reads a time or a date, through the real bin/cowork
 * against a real server; both clocks at Monday 7 Jan 2030, 14:55 Berlin.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ env: NOW });
});
after(() => server.stop());

const newPerson = (name: string) => signedUpPerson(server.url, name, NOW);

/** Each clock form as a person types it (unquoted, several words), and the start it names. */
const STARTS: [string[], string][] = [
  [['tomorrow', '9'], '2030-01-08T08:00:00.000Z'],
  [['fri', '9'], '2030-01-11T08:00:00.000Z'],
  [['14.30'], '2030-01-08T13:30:00.000Z'],
  [['half', 'past', 'two'], '2030-01-08T13:30:00.000Z'],
  [['14h'], '2030-01-08T13:00:00.000Z'],
  [['9am'], '2030-01-08T08:00:00.000Z'],
  [['noon'], '2030-01-08T11:00:00.000Z'],
];

describe('one time grammar', () => {
  test('book reads tomorrow 9, fri 9, 14.30, half past two, 14h, 9am and noon', async () => {
    const ada = await newPerson('Ada');
    for (const [when, start] of STARTS) {
      const booked = await runCowork(ada, ['book', '25m', ...when, '--json']);
      assert.equal(booked.code, 0, `${when.join(' ')}: ${booked.stderr}`);
      const session = JSON.parse(booked.stdout) as Session;
      assert.equal(session.start, start, when.join(' '));
      assert.equal((await runCowork(ada, ['cancel', session.id, '--yes'])).code, 0);
    }
  });

  test('routine add reads its time as book does: 9am, 14h, 14.30, noon, half past two, a bare hour', async () => {
    const bo = await newPerson('Bo');
    const times: [string, string][] = [['9am', '09:00'], ['14h', '14:00'], ['14.30', '14:30'], ['noon', '12:00'], ['half past two', '14:30'], ['9', '09:00']];
    for (const [said, time] of times) {
      const added = await runCowork(bo, ['routine', 'add', 'sat', said, '25m', '--horizon', '1', '--json']);
      assert.equal(added.code, 0, `${said}: ${added.stderr}`);
      const routine = JSON.parse(added.stdout) as Routine;
      assert.equal(routine.time, time, said);
      assert.equal((await runCowork(bo, ['routine', 'rm', routine.id, '--all', '--yes'])).code, 0);
    }
    const offQuarter = await runCowork(bo, ['routine', 'add', 'sat', '9:10am', '25m']);
    assert.equal(offQuarter.code, 2);
    assert.match(offQuarter.stderr, /Routines start on a quarter hour, not at 09:10/);
  });

  test('slots reads its from-time as book does, and skip refuses the same clock forms as a time of day', async () => {
    const cy = await newPerson('Cy');
    for (const when of [['fri', '9'], ['half', 'past', 'two'], ['14.30']]) {
      const listed = await runCowork(cy, ['slots', ...when, '--json']);
      assert.equal(listed.code, 0, `${when.join(' ')}: ${listed.stderr}`);
    }
    const routine = JSON.parse((await runCowork(cy, ['routine', 'add', 'daily', '8:00', '25m', '--horizon', '2', '--json'])).stdout) as Routine;
    for (const when of [['fri', '9'], ['tomorrow', 'noon'], ['fri', '9am']]) {
      const refused = await runCowork(cy, ['routine', 'skip', routine.id, ...when, '--yes']);
      assert.equal(refused.code, 2, when.join(' '));
      assert.match(refused.stderr, new RegExp(`"${when.join(' ')}" names a time of day; skips take whole days`));
    }
  });

  test('a start already begun is refused with a hint to book the duration asked now, not another', async () => {
    const di = await newPerson('Di');
    const past = await runCowork(di, ['book', '25m', 'today', '9:00']);
    assert.equal(past.code, 2, past.stderr);
    assert.match(past.stderr, /Mon 7 Jan, 09:00 has already begun/);
    assert.match(past.stderr, /`cowork book 25m now`/);
    assert.doesNotMatch(past.stderr, /50m/);
  });

  test('--help of book, slots, routine add, skip and unskip shows the one grammar, and README holds it in one table', async () => {
    for (const command of [['book'], ['slots'], ['routine', 'add'], ['routine', 'skip'], ['routine', 'unskip']]) {
      const help = await runCowork(undefined, [...command, '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /Times and dates, read alike by book and slots/, command.join(' '));
      for (const form of ['14.30', '9am', 'noon', '"half past two"', '"tomorrow 9"']) assert.ok(help.stdout.includes(form), `${command.join(' ')}: ${form}`);
    }
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('- **Times and dates**'), readme.indexOf('- **Times in words, everywhere**'));
    for (const form of ['`tomorrow 9`', '`14.30`', '`half past two`', '`14h`', '`9am`', '`noon`', '`fri`']) assert.ok(table.includes(form), form);
  });
});
