import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { streaksOf, weeklyCounts } from '../../api/domain/stats.js';

/** 23:45 in Berlin each evening around the change to summer time (2030-03-31, a 23-hour day). */
const berlinEvenings = ['2030-03-28T22:45:00Z', '2030-03-29T22:45:00Z', '2030-03-30T22:45:00Z', '2030-03-31T21:45:00Z', '2030-04-01T21:45:00Z'];
const sessions = (times: string[]) => times.map((start) => ({ start: new Date(start), duration: 25 }));

describe('stats in the person\'s time zone (SPEC §8)', () => {
  test('a streak of Berlin evenings runs across the change to summer time: five days, not four', () => {
    const streak = streaksOf(sessions(berlinEvenings), 'Europe/Berlin', new Date('2030-04-02T08:00:00Z'));
    assert.deepEqual(streak, { current: 5, longest: 5 });
  });

  test('the current streak ends today or yesterday, in the person\'s zone; a missed day breaks it', () => {
    const gap = sessions(['2030-03-28T22:45:00Z', '2030-03-29T22:45:00Z', '2030-03-31T21:45:00Z']);
    assert.deepEqual(streaksOf(gap, 'Europe/Berlin', new Date('2030-04-01T21:00:00Z')), { current: 1, longest: 2 });
    // 2030-04-02T22:30Z is already 2030-04-03 in Berlin: the last session, on the 1st, is two days back.
    assert.deepEqual(streaksOf(gap, 'Europe/Berlin', new Date('2030-04-02T22:30:00Z')), { current: 0, longest: 2 });
    assert.deepEqual(streaksOf(gap, 'UTC', new Date('2030-04-01T21:00:00Z')), { current: 1, longest: 2 });
  });

  test('weeks start on Monday in the person\'s zone, the last of 12 is this week', () => {
    const weeks = weeklyCounts(sessions(berlinEvenings), 'Europe/Berlin', new Date('2030-04-02T08:00:00Z'));
    assert.equal(weeks.length, 12);
    assert.deepEqual(weeks.at(-1), { weekOf: '2030-04-01', sessions: 1, minutes: 25 });
    assert.deepEqual(weeks.at(-2), { weekOf: '2030-03-25', sessions: 4, minutes: 100 });
    assert.equal(weeks[0]!.weekOf, '2030-01-14');
    const sydney = weeklyCounts(sessions(['2030-03-31T22:00:00Z']), 'Australia/Sydney', new Date('2030-04-02T08:00:00Z'));
    assert.equal(sydney.at(-1)!.sessions, 1, 'Sunday 22:00 UTC is Monday morning in Sydney');
  });
});
