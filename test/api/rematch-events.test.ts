import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAttendanceKit, type AttendanceKit } from './attendance-kit.js';
import { addWebhook } from './webhook-fixtures.js';

/** SPEC §9: a rematch is `session.unmatched` then `session.matched`, each person told in their own words. */
let kit: AttendanceKit;
before(async () => (kit = await createAttendanceKit('2030-01-07T09:00:00.000Z')));
after(() => kit.h.close());

test('a rematch tells the present partner-no-show then matched, and the absent no-show, in the same transaction', async () => {
  const start = '2030-01-07T10:00:00.000Z';
  const [ada, bob, cy, dee] = [await kit.book('Ada', start), await kit.book('Bob', start), await kit.book('Cy', start), await kit.book('Dee', start)];
  const names = new Map([ada, bob, cy, dee].map((member) => [member.userId, member.name]));
  for (const member of [ada, bob, cy, dee]) await addWebhook(kit.h, member.token, `http://127.0.0.1:9/${member.name}`);
  kit.h.clock.set('2030-01-07T09:58:00.000Z');
  const [adaPage, cyPage] = [await kit.openPage(ada), await kit.openPage(cy)];
  kit.h.clock.set('2030-01-07T10:05:00.000Z');
  await kit.checkIn(adaPage);
  await kit.checkIn(cyPage);
  const outbox = kit.h.inspect();
  const before = Number((await outbox.execute('SELECT max(seq) AS seq FROM webhook_events')).rows[0]!.seq);

  assert.equal((await kit.rematch(adaPage)).status, 200);
  const rows = (await outbox.execute({ sql: 'SELECT body FROM webhook_events WHERE seq > ? ORDER BY seq', args: [before] })).rows;
  const told = rows.map((row) => JSON.parse(String(row.body)) as { type: string; data: { session: { id: string }; reason?: string } });
  const owner = new Map([ada, bob, cy, dee].map((member) => [member.sessionId, names.get(member.userId)]));
  const lines = told.map((event) => `${owner.get(event.data.session.id)} ${event.type} ${event.data.reason ?? ''}`.trim());
  assert.deepEqual(lines.sort(), [
    'Ada session.matched',
    'Ada session.unmatched partner-no-show',
    'Bob session.unmatched no-show',
    'Cy session.matched',
    'Cy session.unmatched partner-no-show',
    'Dee session.unmatched no-show',
  ]);
});
