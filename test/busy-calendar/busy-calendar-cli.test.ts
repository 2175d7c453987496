import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BusyCalendar, Routine, Session } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson, type CoworkEnv } from '../cli/run-cowork.js';
import { startIcsServer, type IcsServer } from './ics-server.js';

/**
 * The busy calendar end to end: the built bin/cowork server with its injected clock (COWORK_NOW) and
 * private addresses allowed, a calendar server on 127.0.0.1, and the CLI as a real process. Fifteen
 * minutes pass by restarting the server on the same database with a later clock.
 */
const GOOGLE = readFileSync(new URL('../fixtures/ics/google-calendar.ics', import.meta.url), 'utf8');
const WITHOUT_DENTIST = GOOGLE.replace(/BEGIN:VEVENT\r\n(?:(?!END:VEVENT)[\s\S])*?SUMMARY:Dentist[\s\S]*?END:VEVENT\r\n/, '');
const SERVER_ENV = { COWORK_WEBHOOK_ALLOW_PRIVATE: '1', COWORK_BUSY_CALENDAR_TIMEOUT_MS: '1000', COWORK_JOB_TICK_MS: '200', COWORK_JOB_LEASE_MS: '2000' };
const FIRST = { COWORK_NOW: '2030-03-04T06:00:00Z', TZ: 'Europe/Berlin' };
const LATER = { COWORK_NOW: '2030-03-04T06:16:00Z', TZ: 'Europe/Berlin' };

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('cowork calendar busy, against a server process and a calendar server on 127.0.0.1 (SPEC §15)', () => {
  let ics: IcsServer;
  let server: ServerProcess;
  let dir: string;
  let ada: CoworkEnv;
  let bob: CoworkEnv;
  const jsonOf = async <T>(who: CoworkEnv, args: string[]): Promise<T> => {
    const result = await runCowork(who, [...args, '--json']);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };

  before(async () => {
    ics = await startIcsServer();
    ics.set('/ada.ics', { ics: GOOGLE });
    ics.set('/bob.ics', { ics: GOOGLE });
    dir = mkdtempSync(join(tmpdir(), 'cowork-busy-'));
    server = await startServerProcess({ dbPath: join(dir, 'cowork.db'), env: { ...SERVER_ENV, ...FIRST }, checkContract: true });
    ada = await signedUpPerson(server.url, 'Ada', FIRST);
    bob = await signedUpPerson(server.url, 'Bob', FIRST);
  });
  after(async () => {
    await server.stop();
    await ics.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('set, fetched by the server\'s job, shown; a booking over an event is refused naming it, --anyway books it; a routine skips it', async () => {
    const set = await runCowork(ada, ['calendar', 'busy', 'set', ics.url('/ada.ics')]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /not fetched yet/);
    await until('the first fetch', () => jsonOf<BusyCalendar>(ada, ['calendar', 'busy', 'show']), (calendar) => calendar.lastSuccessAt !== null);
    const shown = await runCowork(ada, ['calendar', 'busy', 'show']);
    assert.match(shown.stdout, /Tue 19 Mar, 14:00–15:00 +Dentist/);
    assert.match(shown.stdout, /Mon 1 Apr, 10:00–11:00 +Team sync/, 'in summer time, still 10:00 in Berlin');

    const refused = await runCowork(ada, ['book', '50m', '2030-03-19T13:30:00Z']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /Your busy calendar has "Dentist" Tue 19 Mar, 14:00–15:00/);
    assert.match(refused.stderr, /--anyway/);
    const anyway = await jsonOf<Session>(ada, ['book', '25m', '2030-03-19T13:30:00Z', '--anyway']);
    assert.equal(anyway.status, 'waiting');

    const routine = await jsonOf<Routine>(ada, ['routine', 'add', 'tue', '15:00', '50m', '--horizon', '28']);
    assert.deepEqual(routine.skipped, []);
    const atDentist = await jsonOf<Routine>(ada, ['routine', 'add', 'tue', '14:00', '25m', '--horizon', '28']);
    assert.deepEqual(atDentist.skipped, [{ start: '2030-03-19T13:00:00.000Z', reason: 'busy' }]);
    const listed = await runCowork(ada, ['routine', 'list']);
    assert.match(listed.stdout, /busy in your calendar/);
  });

  test('fifteen minutes later the event is gone: the next fetch books the skipped occurrence, while a calendar that drips only fails itself', async () => {
    assert.equal((await runCowork(bob, ['calendar', 'busy', 'set', ics.url('/bob.ics')])).code, 0);
    await until('Bob\'s first fetch', () => jsonOf<BusyCalendar>(bob, ['calendar', 'busy', 'show']), (calendar) => calendar.lastSuccessAt !== null);
    ics.set('/ada.ics', { ics: WITHOUT_DENTIST });
    ics.set('/bob.ics', { drip: true });
    const tokens = await Promise.all([ada, bob].map(async (who) => (await runCowork(who, ['config', 'get', 'token'])).stdout.trim()));
    await server.stop();
    server = await startServerProcess({ dbPath: join(dir, 'cowork.db'), env: { ...SERVER_ENV, ...LATER }, checkContract: true });
    [ada, bob].forEach((who, i) => Object.assign(who.env, LATER, { COWORK_TOKEN: tokens[i]!, COWORK_SERVER: server.url }));

    const routines = await until('the occurrence booked again', () => jsonOf<Routine[]>(ada, ['routine', 'list']),
      (list) => list.every((routine) => routine.skipped.length === 0));
    assert.equal(routines.length, 2);
    const sessions = await jsonOf<Session[]>(ada, ['list']);
    assert.ok(sessions.some((session) => session.start === '2030-03-19T13:00:00.000Z' && session.routineId !== null), 'the Tuesday 14:00 session is booked');
    const adas = await jsonOf<BusyCalendar>(ada, ['calendar', 'busy', 'show']);
    assert.equal(adas.busy.some((event) => event.title === 'Dentist'), false);

    const bobs = await until('Bob\'s dripping fetch to give up', () => jsonOf<BusyCalendar>(bob, ['calendar', 'busy', 'show']), (calendar) => calendar.lastError !== null);
    assert.match(bobs.lastError!, /no complete answer within 1000 ms/);
    // The server's clock runs from COWORK_NOW at real speed: the first fetch was seconds after 06:00.
    assert.ok(bobs.lastSuccessAt! < '2030-03-04T06:01' && bobs.lastAttemptAt! >= '2030-03-04T06:16', `it says when it last worked: ${bobs.lastSuccessAt}`);
    assert.equal(bobs.busy.length, 9, 'and keeps what it last fetched');
    const shown = await runCowork(bob, ['calendar', 'busy', 'show']);
    assert.match(shown.stdout, /the last fetch failed: no complete answer within 1000 ms/);
  });

  test('rm forgets it: the next show is a refusal saying how to set one', async () => {
    const removed = await runCowork(ada, ['calendar', 'busy', 'rm']);
    assert.equal(removed.code, 0, removed.stderr);
    const shown = await runCowork(ada, ['calendar', 'busy', 'show']);
    assert.notEqual(shown.code, 0);
    assert.match(shown.stderr, /no busy calendar/i);
  });
});
