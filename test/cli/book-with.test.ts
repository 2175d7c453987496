import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { restartLater, runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * `book --with` and how `list` shows it. Booked with both clocks at Mon 7 Jan 2030, 14:55 Berlin:
 * Ada and Bartholomew are paired at 15:00, Ada and Cy on Friday. The server then restarts on the
 * same database at 15:10, when Ada has met Bartholomew and Cy only in a session ahead (SPEC §11).
 */
const BOOKED_AT = { COWORK_NOW: '2030-01-07T13:55:00Z' };
const LATER = { COWORK_NOW: '2030-01-07T14:10:00Z' };
let dir: string;
let server: ServerProcess;
const people: Record<string, CoworkEnv> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cowork-book-with-'));
  const dbPath = join(dir, 'cowork.db');
  const booking = await startServerProcess({ dbPath, env: BOOKED_AT });
  for (const [name, when] of [['Ada', ['15:00']], ['Bartholomew', ['15:00']], ['Cy', ['fri', '9:00']]] as const) {
    const who = await signedUpPerson(booking.url, name, BOOKED_AT);
    assert.equal((await runCowork(who, ['book', '25m', ...when])).code, 0);
    people[name] = who;
  }
  assert.equal((await runCowork(people.Ada!, ['book', '25m', 'fri', '9:00'])).code, 0);
  server = await restartLater(booking, Object.values(people), LATER);
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('book --with', () => {
  test('a partner met in a session that has begun can be asked for; list says "waiting for" them, at 60 columns too', async () => {
    const ada = people.Ada!;
    const asked = await runCowork(ada, ['book', '50m', 'wed', '10:00', '--with', 'bartholomew', '--json']);
    assert.equal(asked.code, 0, asked.stderr);
    assert.equal((JSON.parse(asked.stdout) as Session).requestedPartner?.name, 'Bartholomew');
    const human = await runCowork(ada, ['book', '50m', 'wed', '12:00', '--with', 'Bartholomew', '--activity', 'desk']);
    assert.match(human.stdout, /waiting for Bartholomew\n {2}desk\n/);
    assert.match(human.stderr, /Bartholomew has not booked this slot yet/);

    const wide = await runCowork(ada, ['list']);
    assert.match(wide.stdout, /^WHEN +STARTS +STATUS +YOUR TASK +THEIR TASK +ID\n/);
    assert.match(wide.stdout, /\nMon 7 Jan, 15:00–15:25 +now +matched with Bartholomew +– +– +[0-9a-f]{24}\n/);
    assert.match(wide.stdout, /\nWed 9 Jan, 10:00–10:50 +in 1 d 18 h +waiting for Bartholomew +– +– +[0-9a-f]{24}\n/);
    assert.match(wide.stdout, /\nFri 11 Jan, 09:00–09:25 +in 3 d 17 h +matched with Cy +– +– +[0-9a-f]{24}\n/);

    const narrow = await runCowork(ada, ['list'], { env: { COLUMNS: '60' } });
    const lines = narrow.stdout.trimEnd().split('\n');
    assert.ok(lines.every((line) => [...line].length <= 60), narrow.stdout);
    assert.match(lines[0] ?? '', /^WHEN {21}STATUS {5}ID$/);
    assert.match(lines[1] ?? '', /^Mon 7 Jan, 15:00–15:25 {3}Bartholo… {2}[0-9a-f]{24}$/);
    assert.match(lines[2] ?? '', /^Wed 9 Jan, 10:00–10:50 {3}for Bart… {2}[0-9a-f]{24}$/);
    assert.match(lines[4] ?? '', /^Fri 11 Jan, 09:00–09:25 {2}with Cy {4}[0-9a-f]{24}$/);
  });

  test('someone met only in a session ahead is refused (404, exit 3), naming them, and nothing is booked', async () => {
    const ada = people.Ada!;
    const before = (JSON.parse((await runCowork(ada, ['list', '--json'])).stdout) as Session[]).length;
    const refused = await runCowork(ada, ['book', '50m', 'thu', '10:00', '--with', 'Cy']);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /Cy has been your partner only in sessions still ahead; a booking can name only a past partner/);
    assert.equal((JSON.parse((await runCowork(ada, ['list', '--json'])).stdout) as Session[]).length, before);
  });
});
