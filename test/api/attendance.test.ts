import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAttendanceKit, type AttendanceKit } from './attendance-kit.js';
import { json } from './harness.js';

const at = (start: string, minutes: number, seconds = 0) => new Date(Date.parse(start) + minutes * 60_000 + seconds * 1000).toISOString();

describe('attendance (SPEC §8): judged on the pair at the start, exact at start + 5:00', () => {
  let kit: AttendanceKit;
  before(async () => (kit = await createAttendanceKit('2030-01-07T09:00:00.000Z')));
  after(() => kit.h.close());

  test('joined at +4:59 is on time, at +5:00 late, never a no-show (and the partner of a no-show gets partner-no-show); null until +5:00', async () => {
    const start = '2030-01-07T10:00:00.000Z';
    const [ada, bob] = [await kit.book('Ada', start), await kit.book('Bob', start)];
    const [cy, dee] = [await kit.book('Cy', start), await kit.book('Dee', start)];
    kit.h.clock.set(at(start, -5));
    const [adaPage, bobPage, cyPage] = [await kit.openPage(ada), await kit.openPage(bob), await kit.openPage(cy)];
    kit.h.clock.set(at(start, 4, 59));
    await kit.join(adaPage);
    await kit.join(cyPage);
    assert.equal((await kit.session(ada)).attendance, null, 'nothing is known before start + 5 minutes');
    kit.h.clock.set(at(start, 5));
    await kit.join(bobPage);
    assert.equal((await kit.session(ada)).attendance, 'on-time');
    assert.equal((await kit.session(bob)).attendance, 'late');
    assert.equal((await kit.session(dee)).attendance, 'no-show');
    assert.equal((await kit.session(cy)).attendance, 'partner-no-show', 'partner-no-show wins over on-time');
    kit.h.clock.set(at(start, 30));
    assert.equal((await kit.session(dee)).attendance, 'no-show');
  });

  test('a session waiting alone at its start has no attendance', async () => {
    const start = '2030-01-07T11:00:00.000Z';
    kit.h.clock.set('2030-01-07T09:00:00.000Z');
    const eve = await kit.book('Eve', start);
    kit.h.clock.set(at(start, 10));
    assert.equal((await kit.session(eve)).attendance, null);
  });
});

describe('rematch when the partner does not come (SPEC §8)', () => {
  let kit: AttendanceKit;
  before(async () => (kit = await createAttendanceKit('2030-01-07T09:00:00.000Z')));
  after(() => kit.h.close());

  test('two people whose partners both failed to come are paired with each other; session ids stay; the absent go back to waiting as no-shows', async () => {
    const start = '2030-01-07T10:00:00.000Z';
    const [ada, bob, cy, dee] = [await kit.book('Ada', start), await kit.book('Bob', start), await kit.book('Cy', start), await kit.book('Dee', start)];
    assert.equal((await kit.session(ada)).partner.name, 'Bob');
    kit.h.clock.set(at(start, -2));
    const [adaPage, cyPage] = [await kit.openPage(ada), await kit.openPage(cy)];
    await kit.join(adaPage);
    await kit.join(cyPage);
    kit.h.clock.set(at(start, 4, 59));
    const early = await kit.rematch(adaPage);
    assert.equal(early.status, 409);
    assert.equal((await json(early)).opensAt, at(start, 5));
    kit.h.clock.set(at(start, 5));
    await kit.checkIn(adaPage);
    await kit.checkIn(cyPage);
    const answer = await json(await kit.rematch(adaPage));
    assert.equal(answer.rematched, true);
    assert.equal(answer.session.id, ada.sessionId);
    assert.deepEqual(answer.session.partner, { id: cy.userId, name: 'Cy' });
    assert.equal((await kit.session(cy)).partner.name, 'Ada');
    for (const absent of [bob, dee]) {
      const session = await kit.session(absent);
      assert.deepEqual([session.status, session.partner, session.attendance], ['waiting', null, 'no-show']);
    }
    assert.equal((await kit.session(ada)).attendance, 'partner-no-show');
    const view = await json(await kit.call('GET', `/v1/calls/${ada.sessionId}`, adaPage.credential));
    assert.equal(view.session.partner.name, 'Cy');
    const cyView = await json(await kit.call('GET', `/v1/calls/${cy.sessionId}`, cyPage.credential));
    assert.equal(view.jitsi.roomName, cyView.jitsi.roomName);
    const again = await kit.rematch(adaPage);
    assert.equal(again.status, 409, 'the new partner has the page open: nobody to replace');
    assert.equal((await json(again)).type, 'urn:cowork:problem:partner-came');
  });

  test('a waiting person whose page is open is taken; one whose last check-in is 150 s old is not', async () => {
    const start = '2030-01-07T11:00:00.000Z';
    kit.h.clock.set('2030-01-07T09:00:00.000Z');
    const [eve, fay, gil] = [await kit.book('Eve', start), await kit.book('Fay', start), await kit.book('Gil', start)];
    assert.equal((await kit.session(gil)).status, 'waiting');
    kit.h.clock.set(at(start, 2));
    const [evePage, gilPage] = [await kit.openPage(eve), await kit.openPage(gil)];
    kit.h.clock.set(at(start, 7));
    await kit.checkIn(evePage);
    const closed = await json(await kit.rematch(evePage));
    assert.equal(closed.rematched, false, "Gil's last check-in is 5 minutes old");
    assert.equal(closed.session.partner.name, 'Fay', 'nothing changed');
    await kit.checkIn(gilPage);
    kit.h.clock.set(at(start, 9, 30));
    await kit.checkIn(evePage);
    assert.equal((await json(await kit.rematch(evePage))).rematched, false, 'a check-in exactly 150 s old no longer counts');
    kit.h.clock.set(at(start, 7, 149));
    const taken = await json(await kit.rematch(evePage));
    assert.equal(taken.rematched, true, 'a check-in 149 s old still counts as an open page');
    assert.equal(taken.session.partner.name, 'Gil');
    assert.equal((await kit.session(fay)).status, 'waiting');
  });

  test('someone whose own page is closed is refused, saying to open it', async () => {
    const start = '2030-01-07T12:00:00.000Z';
    kit.h.clock.set('2030-01-07T09:00:00.000Z');
    const [hal, ivy] = [await kit.book('Hal', start), await kit.book('Ivy', start)];
    const [jo] = [await kit.book('Jo', start), await kit.book('Kim', start)];
    kit.h.clock.set(at(start, 1));
    const [halPage] = [await kit.openPage(hal), await kit.openPage(jo)];
    kit.h.clock.set(at(start, 3, 30));
    const refused = await kit.call('POST', `/v1/sessions/${hal.sessionId}/rematch`, hal.token);
    assert.equal(refused.status, 409);
    assert.equal((await json(refused)).type, 'urn:cowork:problem:rematch-not-yet');
    kit.h.clock.set(at(start, 5));
    const closed = await kit.call('POST', `/v1/sessions/${hal.sessionId}/rematch`, hal.token);
    assert.equal((await json(closed)).type, 'urn:cowork:problem:call-page-closed', "Hal's check-in is 4 minutes old");
    await kit.checkIn(halPage);
    const viaToken = await json(await kit.call('POST', `/v1/sessions/${hal.sessionId}/rematch`, hal.token));
    assert.equal(viaToken.rematched, false, "Jo's page is closed too");
    assert.equal((await kit.session(ivy)).status, 'matched');
  });

  test('a race of four present people whose partners failed to come ends in exact pairs of present people', async () => {
    const start = '2030-01-07T13:00:00.000Z';
    kit.h.clock.set('2030-01-07T09:00:00.000Z');
    const present = [];
    const absent = [];
    for (let i = 0; i < 4; i++) {
      present.push(await kit.book(`P${i}`, start));
      absent.push(await kit.book(`A${i}`, start));
    }
    kit.h.clock.set(at(start, 5));
    const pages = [];
    for (const member of present) pages.push(await kit.openPage(member));
    const answers = await Promise.all(pages.map((page) => kit.rematch(page)));
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [200, 200, 409, 409], 'two ask and are rematched; their new partners then have nobody to replace');
    const partners = new Map<string, string>();
    for (const member of present) {
      const session = await kit.session(member);
      assert.equal(session.status, 'matched');
      partners.set(member.userId, session.partner.id);
    }
    for (const [person, partner] of partners) assert.equal(partners.get(partner), person, 'pairs are mutual and among the present');
    for (const member of absent) assert.equal((await kit.session(member)).status, 'waiting');
    const live = await kit.h.inspect().execute({ sql: 'SELECT COUNT(*) AS n FROM pairs p JOIN sessions s ON s.pair_id = p.id WHERE p.dissolved_at IS NULL AND s.start_at = ? GROUP BY p.id', args: [Date.parse(start)] });
    assert.deepEqual(live.rows.map((row) => Number(row.n)), [2, 2]);
  });
});
