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
    const removed = await runCowork(bo, ['routine', 'rm', routine.id, '--all', '--yes', '--json']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(JSON.parse(removed.stdout), { id: routine.id, deleted: true, cancelled: 'all' });
    assert.deepEqual(await listJson(bo, ['list', '--json']), []);
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

  test('routine --help shows the sub-commands and examples', async () => {
    const help = await runCowork(undefined, ['routine', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /add .*<days> <time> <duration>/);
    assert.match(help.stdout, /\$ cowork routine add weekdays 9:00 50m --task "deep work"/);
  });
});
