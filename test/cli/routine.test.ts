import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Routine, Session } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson } from './run-cowork.js';

/** `cowork routine` through the real bin/cowork against a real server; both clocks at Monday 7 Jan 2030, 14:55 Berlin. */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ env: NOW, checkContract: true });
});
after(() => server.stop());

const newPerson = (name: string) => signedUpPerson(server.url, name, NOW);
const listJson = async (who: Awaited<ReturnType<typeof newPerson>>, args: string[]) => {
  const result = await runCowork(who, args);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as unknown;
};

describe('cowork routine', () => {
  test('add weekdays 9:00 50m books every weekday at 09:00 in the person\'s zone and says so', async () => {
    const ada = await newPerson('Ada');
    const added = await runCowork(ada, ['routine', 'add', 'weekdays', '9:00', '50m', '--task', 'deep work']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Added weekdays at 09:00 \(Europe\/Berlin\) · 50 min · deep work {2}id [0-9a-f]{16}\n$/);
    const sessions = (await listJson(ada, ['list', '--json'])) as Session[];
    assert.deepEqual(sessions.map((s) => s.start), [
      '2030-01-08T08:00:00.000Z', '2030-01-09T08:00:00.000Z', '2030-01-10T08:00:00.000Z', '2030-01-11T08:00:00.000Z',
      '2030-01-14T08:00:00.000Z', '2030-01-15T08:00:00.000Z', '2030-01-16T08:00:00.000Z', '2030-01-17T08:00:00.000Z', '2030-01-18T08:00:00.000Z', '2030-01-21T08:00:00.000Z',
    ]);
    assert.ok(sessions.every((s) => s.task === 'deep work'));
  });

  test('list, pause, resume and rm --all with --json print one document each; rm --all cancels every session ahead', async () => {
    const bo = await newPerson('Bo');
    const routine = (await listJson(bo, ['routine', 'add', 'mon,wed,fri', '13:45', '25m', '--horizon', '7', '--activity', 'moving', '--quiet', '--json'])) as Routine;
    assert.deepEqual(routine.days, ['mon', 'wed', 'fri']);
    assert.equal(routine.activity, 'moving');
    assert.equal(routine.quiet, true);
    assert.ok(((await listJson(bo, ['list', '--json'])) as Session[]).every((s) => s.routineId === routine.id && s.activity === 'moving' && s.quiet));
    assert.equal(routine.horizonDays, 7);
    assert.deepEqual(((await listJson(bo, ['routine', 'list', '--json'])) as Routine[]).map((r) => r.id), [routine.id]);
    assert.equal(((await listJson(bo, ['routine', 'pause', routine.id, '--json'])) as Routine).paused, true);
    const listed = await runCowork(bo, ['routine', 'list']);
    assert.match(listed.stdout, /mon, wed, fri at 13:45 \(Europe\/Berlin\) · 25 min · paused/);
    assert.equal(((await listJson(bo, ['routine', 'resume', routine.id, '--json'])) as Routine).paused, false);
    assert.equal(((await listJson(bo, ['list', '--json'])) as Session[]).length, 3);
    const sessionIds = ((await listJson(bo, ['list', '--json'])) as Session[]).map((s) => s.id);
    const removed = await runCowork(bo, ['routine', 'rm', routine.id, '--all', '--yes', '--json']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(JSON.parse(removed.stdout), { id: routine.id, cancelled: sessionIds, kept: [] });
    assert.deepEqual(await listJson(bo, ['list', '--json']), []);
  });

  test('rm says how many sessions ahead it cancelled, and says so when there were none', async () => {
    const eo = await newPerson('Eo');
    const busy = (await listJson(eo, ['routine', 'add', 'mon,wed,fri', '9:00', '25m', '--horizon', '7', '--json'])) as Routine;
    const removed = await runCowork(eo, ['routine', 'rm', busy.id, '--yes']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stderr, `Deleted routine ${busy.id} and cancelled its 3 sessions ahead.\n`);
    const idle = (await listJson(eo, ['routine', 'add', 'sat', '9:00', '25m', '--horizon', '1', '--json'])) as Routine;
    const idleRemoved = await runCowork(eo, ['routine', 'rm', idle.id, '--yes']);
    assert.equal(idleRemoved.code, 0, idleRemoved.stderr);
    assert.equal(idleRemoved.stderr, `Deleted routine ${idle.id}; it had no sessions ahead.\n`);
    const matched = (await listJson(eo, ['routine', 'add', 'tue', '11:00', '25m', '--horizon', '7', '--json'])) as Routine;
    assert.equal((await runCowork(await newPerson('Fu'), ['book', '25m', 'tue 11:00'])).code, 0);
    const keptRemoved = await runCowork(eo, ['routine', 'rm', matched.id, '--yes']);
    assert.equal(keptRemoved.code, 0, keptRemoved.stderr);
    assert.equal(keptRemoved.stderr,
      `Deleted routine ${matched.id}; none of its sessions ahead was waiting, so none was cancelled. Kept its 1 matched session ahead (rm --all cancels matched ones too).\n`);
  });

  test('an overlapping occurrence is listed as skipped with its reason, in words', async () => {
    const cy = await newPerson('Cy');
    assert.equal((await runCowork(cy, ['book', '50m', 'tue 8:30'])).code, 0);
    const added = await runCowork(cy, ['routine', 'add', 'daily', '9:00', '50m', '--horizon', '3']);
    assert.match(added.stdout, /skipped Tue 8 Jan, 09:00: overlaps another session of yours/);
  });

  test('bad days, an off-quarter time or an unknown id exit with a message that says what to do', async () => {
    const di = await newPerson('Di');
    const badDay = await runCowork(di, ['routine', 'add', 'mon,funday', '9:00', '50m']);
    assert.equal(badDay.code, 2);
    assert.match(badDay.stderr, /"funday" is not a day/);
    const offQuarter = await runCowork(di, ['routine', 'add', 'daily', '9:10', '50m']);
    assert.equal(offQuarter.code, 2);
    assert.match(offQuarter.stderr, /quarter hour/);
    const unknown = await runCowork(di, ['routine', 'pause', '0000000000000000']);
    assert.equal(unknown.code, 3);
    assert.doesNotMatch(unknown.stderr, /at .*\.ts:/);
  });

  test('skip <id> wed --yes cancels that day\'s session, says so in words, and no later roll books it again', async () => {
    const eli = await newPerson('Eli');
    const routine = (await listJson(eli, ['routine', 'add', 'daily', '7:00', '25m', '--horizon', '3', '--json'])) as Routine;
    const skipped = await runCowork(eli, ['routine', 'skip', routine.id, 'wed', '--yes']);
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.equal(skipped.stdout, 'Skipped Wed 9 Jan for daily at 07:00 (Europe/Berlin) · 25 min: 1 session cancelled.\n');
    const starts = async () => ((await listJson(eli, ['list', '--json'])) as Session[]).map((s) => s.start);
    assert.deepEqual(await starts(), ['2030-01-08T06:00:00.000Z', '2030-01-10T06:00:00.000Z']);
    assert.equal((await runCowork(eli, ['routine', 'pause', routine.id])).code, 0);
    assert.equal((await runCowork(eli, ['routine', 'resume', routine.id])).code, 0);
    assert.deepEqual(await starts(), ['2030-01-08T06:00:00.000Z', '2030-01-10T06:00:00.000Z']);
  });

  test('skip --through with --json prints the API\'s document once, listing every session cancelled, matched ones too', async () => {
    const fay = await newPerson('Fay');
    const routine = (await listJson(fay, ['routine', 'add', 'daily', '7:30', '25m', '--horizon', '4', '--json'])) as Routine;
    assert.equal((await runCowork(await newPerson('Gus'), ['book', '25m', 'wed 7:30'])).code, 0);
    const before = (await listJson(fay, ['list', '--json'])) as Session[];
    assert.equal(before.find((s) => s.start === '2030-01-09T06:30:00.000Z')?.status, 'matched');
    const skipped = await runCowork(fay, ['routine', 'skip', routine.id, '8', 'jan', '--through', 'thu', '--yes', '--json']);
    assert.equal(skipped.code, 0, skipped.stderr);
    const result = JSON.parse(skipped.stdout) as { routine: Routine; cancelled: string[] };
    assert.equal(result.routine.id, routine.id);
    assert.deepEqual(new Set(result.cancelled), new Set(before.slice(0, 3).map((s) => s.id)));
    assert.match(skipped.stderr, /Skipped Tue 8 Jan to Thu 10 Jan for daily at 07:30 .*: 3 sessions cancelled\./);
    assert.deepEqual(((await listJson(fay, ['list', '--json'])) as Session[]).map((s) => s.start), ['2030-01-11T06:30:00.000Z']);
  });

  test('skip <id> 24 dec --through 2 jan, unquoted as README writes it, reads both days in words and crosses the new year; unskip reads --through alike', async () => {
    const mo = await newPerson('Mo');
    const routine = (await listJson(mo, ['routine', 'add', 'daily', '7:45', '25m', '--horizon', '4', '--json'])) as Routine;
    const holiday = await runCowork(mo, ['routine', 'skip', routine.id, '24', 'dec', '--through', '2', 'jan', '--yes']);
    assert.equal(holiday.code, 0, holiday.stderr);
    assert.match(holiday.stdout, /^Skipped Tue 24 Dec to Thu 2 Jan 2031 for daily at 07:45 .*: no session to cancel\.\n$/);
    const near = await runCowork(mo, ['routine', 'skip', routine.id, '8', 'jan', '--through', '10', 'jan', '--yes']);
    assert.equal(near.code, 0, near.stderr);
    assert.match(near.stdout, /^Skipped Tue 8 Jan to Thu 10 Jan for daily at 07:45 .*: 3 sessions cancelled\.\n$/);
    const lifted = await runCowork(mo, ['routine', 'unskip', routine.id, '8', 'jan', '--through', '9', 'jan']);
    assert.equal(lifted.code, 0, lifted.stderr);
    assert.match(lifted.stdout, /^Lifted the skip on Tue 8 Jan to Wed 9 Jan for daily at 07:45 .*: 2 sessions booked\.\n/);
  });

  test('routine skip --help and unskip --help each show their own examples, --through among them', async () => {
    for (const verb of ['skip', 'unskip']) {
      const help = await runCowork(undefined, ['routine', verb, '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`Examples:\\n(?: {2}\\$ cowork routine ${verb} .*\\n)*? {2}\\$ cowork routine ${verb} 3f9c2a7d41b0e6f5 \\d+ dec --through 2 jan`));
      assert.doesNotMatch(help.stdout, /cowork routine add/);
    }
  });

  test('skip refuses an ambiguous date, a time of day, days past, a --through before the first day, more than 366 days and no --yes off a terminal, cancelling nothing', async () => {
    const gia = await newPerson('Gia');
    const routine = (await listJson(gia, ['routine', 'add', 'daily', '8:00', '25m', '--horizon', '3', '--json'])) as Routine;
    const refusals: [string[], RegExp][] = [
      [['1/2'], /"1\/2" in "1\/2" could be 2 Jan or 1 Feb/],
      [['fri', '9:00'], /"fri 9:00" names a time of day; skips take whole days/],
      [['yesterday'], /Sun 6 Jan is over/],
      [['2030-01-10', '--through', '2030-01-09'], /--through Wed 9 Jan comes before Thu 10 Jan/],
      [['tomorrow', '--through', '2031-06-01'], /is more than 366 days/],
      [['soon'], /Cannot read "soon" as a date/],
    ];
    for (const [args, message] of refusals) {
      const refused = await runCowork(gia, ['routine', 'skip', routine.id, ...args, '--yes']);
      assert.equal(refused.code, 2, `${args.join(' ')}: ${refused.stderr}`);
      assert.match(refused.stderr, message);
    }
    const unasked = await runCowork(gia, ['routine', 'skip', routine.id, 'tomorrow']);
    assert.equal(unasked.code, 2);
    assert.match(unasked.stderr, /--yes/);
    assert.equal(((await listJson(gia, ['list', '--json'])) as Session[]).length, 3);
  });

  test('skip of days more than 400 days ahead is refused in the server\'s words, naming the latest end, and cancels nothing', async () => {
    const gus = await newPerson('Gus');
    const routine = (await listJson(gus, ['routine', 'add', 'daily', '8:45', '25m', '--horizon', '2', '--json'])) as Routine;
    const refused = await runCowork(gus, ['routine', 'skip', routine.id, '2031-03-01', '--yes']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /A skip reaches at most 400 days ahead\.[\s\S]*Skip days until Tue 11 Feb 2031, 14:55, and the rest later/);
    assert.equal(((await listJson(gus, ['list', '--json'])) as Session[]).length, 2);
  });

  test('skip of a routine that is not yours exits 3 saying so, and cancels nothing', async () => {
    const hal = await newPerson('Hal');
    const routine = (await listJson(hal, ['routine', 'add', 'daily', '8:15', '25m', '--horizon', '2', '--json'])) as Routine;
    const other = await runCowork(await newPerson('Ivy'), ['routine', 'skip', routine.id, 'tomorrow', '--yes']);
    assert.equal(other.code, 3);
    assert.match(other.stderr, /routine/i);
    assert.doesNotMatch(other.stderr, /at .*\.ts:/);
    assert.equal(((await listJson(hal, ['list', '--json'])) as Session[]).length, 2);
  });

  test('unskip <id> wed books that day again and says so; lifting it twice says nothing was skipped; --json prints one document', async () => {
    const jo = await newPerson('Jo');
    const routine = (await listJson(jo, ['routine', 'add', 'daily', '7:00', '25m', '--horizon', '3', '--json'])) as Routine;
    const starts = async () => ((await listJson(jo, ['list', '--json'])) as Session[]).map((s) => s.start);
    const all = await starts();
    assert.equal((await runCowork(jo, ['routine', 'skip', routine.id, 'wed', '--yes'])).code, 0);
    assert.equal((await starts()).length, all.length - 1);

    const lifted = await runCowork(jo, ['routine', 'unskip', routine.id, 'wed']);
    assert.equal(lifted.code, 0, lifted.stderr);
    assert.equal(lifted.stdout, 'Lifted the skip on Wed 9 Jan for daily at 07:00 (Europe/Berlin) · 25 min: 1 session booked.\n');
    assert.deepEqual(await starts(), all);

    const again = await runCowork(jo, ['routine', 'unskip', routine.id, 'tue', '--through', 'thu', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const document = JSON.parse(again.stdout) as { routine: Routine; lifted: string[]; booked: string[] };
    assert.deepEqual([document.routine.id, document.lifted, document.booked], [routine.id, [], []]);
    assert.match(again.stderr, /^Nothing was skipped on Tue 8 Jan to Thu 10 Jan for daily at 07:00/);
  });

  test('unskip refuses days past (exit 2) and a routine that is not yours (exit 3), booking nothing', async () => {
    const kim = await newPerson('Kim');
    const routine = (await listJson(kim, ['routine', 'add', 'daily', '8:45', '25m', '--horizon', '2', '--json'])) as Routine;
    await runCowork(kim, ['routine', 'skip', routine.id, 'tomorrow', '--yes']);
    const past = await runCowork(kim, ['routine', 'unskip', routine.id, 'yesterday']);
    assert.equal(past.code, 2);
    assert.match(past.stderr, /Sun 6 Jan is over[\s\S]*Lift skips from today on/);
    const other = await runCowork(await newPerson('Lou'), ['routine', 'unskip', routine.id, 'tomorrow']);
    assert.equal(other.code, 3);
    assert.match(other.stderr, /routine/i);
    assert.equal(((await listJson(kim, ['list', '--json'])) as Session[]).length, 1);
  });

  test('routine --help shows the sub-commands and examples', async () => {
    const help = await runCowork(undefined, ['routine', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /add .*<days> <time> <duration>/);
    assert.match(help.stdout, /\$ cowork routine add weekdays 9:00 50m --task "deep work"/);
    assert.match(help.stdout, /skip .*<id> <date\.\.\.>/);
    assert.match(help.stdout, /\$ cowork routine skip 3f9c2a7d41b0e6f5 24 dec --through 2 jan --yes/);
    assert.match(help.stdout, /unskip .*<id> <date\.\.\.>/);
    assert.match(help.stdout, /\$ cowork routine unskip 3f9c2a7d41b0e6f5 31 dec/);
  });
});
