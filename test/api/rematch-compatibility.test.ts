import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAttendanceKit, type AttendanceKit, type Person } from './attendance-kit.js';
import { json } from './harness.js';
import { introduce, people, put } from './matching-helpers.js';

const START = '2030-01-07T12:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

/**
 * Present people whose partners did not come, in booking order: Cy (desk work, blocked by Ada),
 * Eve (booked for moving, Ada for desk work), Gil, then Ivy (Kim's favourite). A rematch takes the oldest
 * compatible present person, favourites first: the same clauses as pairing (SPEC §7).
 */
describe('a rematch respects the compatibility rule and prefers favourites (SPEC §7, §8)', () => {
  let kit: AttendanceKit;
  const pages: Record<string, Awaited<ReturnType<AttendanceKit['openPage']>>> = {};
  let ivy: Awaited<ReturnType<AttendanceKit['book']>>;

  before(async () => {
    kit = await createAttendanceKit('2030-01-07T09:00:00.000Z');
    const everyone = await people(kit.h, 'Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gil', 'Hal', 'Ivy', 'Jo', 'Kim', 'Lee');
    const by = Object.fromEntries(everyone.map((p) => [p.name, { name: p.name, email: '', token: p.token, userId: p.id } satisfies Person]));
    const person = (name: string) => everyone.find((p) => p.name === name)!;
    await introduce(kit.h, person('Ada'), person('Cy'));
    assert.equal((await put(kit.h, person('Ada'), `/v1/blocks/${person('Cy').id}`)).status, 200);
    await introduce(kit.h, person('Kim'), person('Ivy'));
    assert.equal((await put(kit.h, person('Kim'), `/v1/favorites/${person('Ivy').id}`)).status, 200);
    const extras: Record<string, object> = { Ada: { activity: 'desk' }, Bob: { activity: 'desk' }, Cy: { activity: 'desk' }, Eve: { activity: 'moving' }, Fay: { activity: 'moving' } };
    const sessions: Record<string, Awaited<ReturnType<AttendanceKit['book']>>> = {};
    for (const name of ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gil', 'Hal', 'Kim', 'Lee', 'Ivy', 'Jo']) {
      const response = await kit.h.request('POST', '/v1/sessions', { token: by[name]!.token, body: { start: START, duration: 25, ...extras[name] } });
      assert.equal(response.status, 201);
      sessions[name] = { ...by[name]!, sessionId: String((await json(response)).id) };
    }
    for (const [a, b] of [['Ada', 'Bob'], ['Cy', 'Dee'], ['Eve', 'Fay'], ['Gil', 'Hal'], ['Kim', 'Lee'], ['Ivy', 'Jo']] as const) {
      assert.equal((await kit.session(sessions[a]!)).partner.name, b);
    }
    kit.h.clock.set(at(5));
    for (const name of ['Ada', 'Cy', 'Eve', 'Gil', 'Kim']) pages[name] = await kit.openPage(sessions[name]!);
    ivy = sessions.Ivy!;
  });
  after(() => kit.h.close());

  test('Ada skips Cy, whom she blocked, and Eve, who booked for moving, and gets Gil', async () => {
    const answer = await json(await kit.rematch(pages.Ada!));
    assert.equal(answer.rematched, true);
    assert.equal(answer.session.partner.name, 'Gil');
  });

  test('Kim gets Ivy, a favourite whose page just opened, before Cy, who booked earlier', async () => {
    pages.Ivy = await kit.openPage(ivy);
    const answer = await json(await kit.rematch(pages.Kim!));
    assert.equal(answer.session.partner.name, 'Ivy');
  });

  test('Eve, booked for moving, finds nobody compatible: rematched false, nothing changes', async () => {
    const answer = await json(await kit.rematch(pages.Eve!));
    assert.equal(answer.rematched, false);
    assert.equal(answer.session.partner.name, 'Fay');
    const cy = await json(await kit.rematch(pages.Cy!));
    assert.equal(cy.rematched, false, 'Eve moves while Cy sits at a desk; Gil, Ivy and Kim are taken');
  });
});
