import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Client } from '@libsql/client';
import { Database } from '../../api/storage/engine/database.js';
import { rollRoutineById } from '../../api/storage/routine-booking.js';
import { unskipRange } from '../../api/storage/routine-skips.js';
import { copyFixture, keptRows } from '../helpers/schema-v2-copy.js';

/**
 * A database made by today's main (schema v11, a weekday 09:00 UTC routine booked Tue 8 to Thu 10
 * January 2030), given the rows main wrote for two holidays and a report filed three times, is
 * upgraded by v14: the held-off rows become ranges that hold off the same occurrences, and the
 * repeated report folds into the first.
 */
const FIXTURE = new URL('./fixtures/schema-v11.db', import.meta.url);
const ROUTINE = 'cc74501c10c05b47';
const BOB = 'af31e02d9bd95711';
const ADA = '2f1fb4c1c0a60ab5';
const ADAS_SESSION = '01a24b91f64a96194bc187a4';
const BOBS_SESSION = '01a24b91f6909448839e856d';
const at = (day: number) => Date.parse(`2030-01-${String(day).padStart(2, '0')}T09:00:00Z`);

/** What main's skipRange wrote: the sessions ahead in the range cancelled, and a held-off row for each occurrence there. */
async function skipAsMainDid(client: Client, days: number[]): Promise<void> {
  for (const day of days) {
    await client.execute({ sql: `UPDATE sessions SET status = 'cancelled', cancelled_at = ? WHERE routine_id = ? AND start_at = ?`, args: [Date.parse('2030-01-07T10:00:00Z'), ROUTINE, at(day)] });
    await client.execute({
      sql: `INSERT INTO routine_occurrences (routine_id, start_at, outcome) VALUES (?, ?, 'held-off')
            ON CONFLICT (routine_id, start_at) DO UPDATE SET outcome = 'held-off'`,
      args: [ROUTINE, at(day)],
    });
  }
}

test('migration v14 turns main\'s held-off rows into ranges that hold off the same days, and folds a repeated report into the first', async () => {
  const copy = copyFixture(FIXTURE, 'v14');
  const { url, client } = copy;
  try {
    await skipAsMainDid(client, [9, 10, 11, 14, 15]); // a skip of [9 Jan, 16 Jan): Wed 9 and Thu 10 were booked
    await skipAsMainDid(client, [22, 23]);
    for (const [seq, id, reporter, reported, session] of [[1, 'r1', ADA, BOB, ADAS_SESSION], [2, 'r2', ADA, BOB, ADAS_SESSION], [3, 'r3', ADA, BOB, ADAS_SESSION], [4, 'r4', BOB, ADA, BOBS_SESSION]]) {
      await client.execute({
        sql: `INSERT INTO reports (seq, id, reporter_id, reported_id, session_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?, 'no-show', ?, ?)`,
        args: [seq!, id!, reporter!, reported!, session!, `note ${seq}`, Date.parse('2030-01-07T10:10:00Z') + Number(seq)],
      });
    }
    const kept = (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('routine_occurrences', 'reports', 'schema_migrations')`))
      .rows.map((row) => String(row.name));
    const before = await keptRows(client, kept, '1, 2');
    const settled = async () => JSON.stringify((await client.execute(`SELECT * FROM routine_occurrences WHERE outcome <> 'held-off' ORDER BY start_at`)).rows);
    const settledBefore = await settled();

    const db = await Database.open({ url });
    try {
      assert.equal(await keptRows(client, kept, '1, 2'), before, 'every other row is kept');
      assert.equal(await settled(), settledBefore, 'occurrences settled otherwise stay as they were');
      assert.equal(Number((await client.execute('SELECT COUNT(*) AS n FROM routine_occurrences')).rows[0]!.n), 1, 'only Tue 8, booked, keeps a row');
      const ranges = (await client.execute('SELECT from_at, to_at FROM routine_skips ORDER BY from_at')).rows.map((row) => [Number(row.from_at), Number(row.to_at)]);
      assert.deepEqual(ranges, [[at(9), at(11) + 1], [at(14), at(15) + 1], [at(22), at(23) + 1]],
        'Wed 9 and Thu 10 were rolled rows side by side; beyond booked_until, rows 24 h apart join (Thu 10 and Fri 11, Mon 14 and Tue 15, Tue 22 and Wed 23), Fri 11 and Mon 14 (72 h) do not; Wed 16 to Mon 21 stay bookable');
      const reports = (await client.execute('SELECT id, note FROM reports ORDER BY seq')).rows.map((row) => [row.id, row.note]);
      assert.deepEqual(reports, [['r1', 'note 1'], ['r4', 'note 4']]);
      await assert.rejects(client.execute({ sql: `INSERT INTO reports (id, reporter_id, reported_id, session_id, reason, created_at) VALUES ('r5', ?, ?, ?, 'other', 0)`, args: [ADA, BOB, ADAS_SESSION] }), /UNIQUE/);

      const liveDays = async () => (await client.execute({ sql: `SELECT start_at FROM sessions WHERE routine_id = ? AND status = 'waiting' ORDER BY start_at`, args: [ROUTINE] }))
        .rows.map((row) => new Date(Number(row.start_at)).getUTCDate());
      const lifted = await unskipRange(db, BOB, ROUTINE, { from: new Date(at(9) - 3_600_000), to: new Date(at(10) - 3_600_000) }, new Date('2030-01-07T10:00:00Z'), 30);
      assert.deepEqual(lifted.lifted, ['2030-01-09T09:00:00.000Z'], 'lifting Wednesday 9 books it again');
      assert.equal(lifted.booked.length, 1);
      for (const now of ['2030-01-10T10:00:00Z', '2030-01-13T10:00:00Z', '2030-01-19T10:00:00Z']) await rollRoutineById(db, ROUTINE, new Date(now), 30);
      assert.deepEqual(await liveDays(), [8, 9, 16, 21], 'Thu 10, Fri 11, Mon 14, Tue 15 and Tue 22 stay skipped (17 and 18 had passed unrolled)');
      const later = await unskipRange(db, BOB, ROUTINE, { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2030-02-01T00:00:00Z') }, new Date('2030-01-19T10:00:00Z'), 30);
      assert.deepEqual(later.lifted, ['2030-01-22T09:00:00.000Z', '2030-01-23T09:00:00.000Z']);
      assert.deepEqual(await liveDays(), [8, 9, 16, 21, 22], 'Tue 22 is within the horizon, Wed 23 is booked when the horizon reaches it');
    } finally {
      db.close();
    }
    const applied = (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version));
    assert.ok(applied.includes(14), `schema_migrations lists 14: ${applied.join(', ')}`);
    assert.equal(String((await client.execute('PRAGMA integrity_check')).rows[0]![0]), 'ok');
  } finally {
    copy.remove();
  }
});
