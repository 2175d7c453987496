import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InArgs } from '@libsql/client';
import { attendanceHistory, checkIn, rematch } from '../../api/storage/attendance.js';
import { lastScoredSessions } from '../../api/storage/attendance-score.js';
import { recordAttendance } from '../../api/storage/calls.js';
import { listSessions } from '../../api/storage/sessions.js';
import { recordingDatabase, wholeTableScans } from '../helpers/query-plans.js';
import { createAttendanceKit, type AttendanceKit } from './attendance-kit.js';

/** As test/api/matching-query-plans.test.ts: only index searches, never a whole-table scan. */
const START = '2030-01-07T10:00:00.000Z';

describe('query plans of check-ins, attendance, rematch, score and stats', () => {
  let kit: AttendanceKit;
  let statements: Map<string, InArgs>;

  before(async () => {
    kit = await createAttendanceKit('2030-01-07T09:00:00.000Z');
    const { recording, statements: recorded } = recordingDatabase(kit.h.db);
    statements = recorded;
    const [ada] = [await kit.book('Ada', START), await kit.book('Bob', START)];
    const [cy] = [await kit.book('Cy', START), await kit.book('Dee', START)];
    const now = new Date(Date.parse(START) + 5 * 60_000);
    for (const member of [ada, cy]) {
      await checkIn(recording, member.sessionId, member.userId, now, true);
      await recordAttendance(recording, member.sessionId, member.userId, 'left', now);
    }
    await rematch(recording, ada.userId, ada.sessionId, now);
    const later = new Date('2030-01-08T00:00:00Z');
    await lastScoredSessions(recording, ada.userId, later);
    await attendanceHistory(recording, ada.userId, later);
    await listSessions(recording, ada.userId, { from: new Date(START), to: null, statuses: ['waiting', 'matched'], limit: 20, after: null }, later);
  });
  after(() => kit.h.close());

  test('every statement finds its rows through an index', async () => {
    assert.ok(statements.size > 8, `recorded ${statements.size} statements`);
    assert.deepEqual(await wholeTableScans(kit.h.db, statements), []);
  });
});
