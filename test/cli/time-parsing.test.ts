import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CliError, EXIT } from '../../cli/errors.js';
import { parseDuration } from '../../cli/time/duration.js';
import { parseWhen } from '../../cli/time/when.js';
import { relativeWords, spanWords } from '../../cli/time/words.js';

const at = (now: string | Date, timeZone: string) => ({ now: new Date(now), timeZone, locale: 'en-GB' });

/** `<when>` and `<duration>` as SPEC §4 reads them, with a fixed clock in several zones. */
const BERLIN_BEFORE_SPRING = { zone: 'Europe/Berlin', now: '2026-03-28T20:00:00Z' }; // Sat 21:00 CET; clocks skip 02:00–03:00 on Sunday
const BERLIN_BEFORE_AUTUMN = { zone: 'Europe/Berlin', now: '2026-10-24T10:00:00Z' }; // Sat 12:00 CEST; 02:00–03:00 happens twice on Sunday
const NEW_YORK_FALL_BACK = { zone: 'America/New_York', now: '2026-11-01T04:30:00Z' }; // Sun 00:30 EDT; 01:00–02:00 happens twice
const UTC_MONDAY = { zone: 'UTC', now: '2030-01-07T13:55:00Z' }; // Mon 13:55
const KOLKATA = { zone: 'Asia/Kolkata', now: '2030-01-07T13:55:00Z' }; // Mon 19:25, a half-hour zone

type Clock = { zone: string; now: string };
const accepted: [Clock, string, string][] = [
  [BERLIN_BEFORE_SPRING, '14:00', '2026-03-29T12:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '2pm', '2026-03-29T12:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '9:30am', '2026-03-29T07:30:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'tomorrow 9:00', '2026-03-29T07:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '  tomorrow   9:00 ', '2026-03-29T07:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '9:00 tomorrow', '2026-03-29T07:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '22:00', '2026-03-28T21:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '21:00', '2026-03-28T20:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '20:45', '2026-03-29T18:45:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'now', '2026-03-28T20:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'NOW', '2026-03-28T20:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'mon 9:00', '2026-03-30T07:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'sat 14:00', '2026-04-04T12:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'sat 22:00', '2026-03-28T21:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'sunday 10am', '2026-03-29T08:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, 'Friday 9:00', '2026-04-03T07:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '3:00', '2026-03-29T01:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '1:45', '2026-03-29T00:45:00.000Z'],
  [BERLIN_BEFORE_SPRING, '2026-04-01T10:00:00Z', '2026-04-01T10:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '2026-04-01T10:00+02:00', '2026-04-01T08:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '2026-04-01 10:00', '2026-04-01T08:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '2026-03-28T23:00', '2026-03-28T22:00:00.000Z'],
  [BERLIN_BEFORE_SPRING, '28 nov 14:00', '2026-11-28T13:00:00.000Z'],
  [BERLIN_BEFORE_AUTUMN, 'tomorrow 2:30', '2026-10-25T00:30:00.000Z'],
  [BERLIN_BEFORE_AUTUMN, 'tomorrow 9:00', '2026-10-25T08:00:00.000Z'],
  [BERLIN_BEFORE_AUTUMN, 'sun 3:00', '2026-10-25T02:00:00.000Z'],
  [NEW_YORK_FALL_BACK, '1:30', '2026-11-01T05:30:00.000Z'],
  [NEW_YORK_FALL_BACK, '3:00', '2026-11-01T08:00:00.000Z'],
  [NEW_YORK_FALL_BACK, '9am', '2026-11-01T14:00:00.000Z'],
  [NEW_YORK_FALL_BACK, 'tomorrow 9:00', '2026-11-02T14:00:00.000Z'],
  [NEW_YORK_FALL_BACK, 'now', '2026-11-01T04:30:00.000Z'],
  [NEW_YORK_FALL_BACK, 'wed 2pm', '2026-11-04T19:00:00.000Z'],
  [NEW_YORK_FALL_BACK, '0:15', '2026-11-02T05:15:00.000Z'],
  [NEW_YORK_FALL_BACK, '12:00am', '2026-11-02T05:00:00.000Z'],
  [NEW_YORK_FALL_BACK, 'noon', '2026-11-01T17:00:00.000Z'],
  [UTC_MONDAY, 'now', '2030-01-07T14:00:00.000Z'],
  [UTC_MONDAY, '14:00', '2030-01-07T14:00:00.000Z'],
  [UTC_MONDAY, '13:45', '2030-01-08T13:45:00.000Z'],
  [UTC_MONDAY, 'mon 13:45', '2030-01-14T13:45:00.000Z'],
  [UTC_MONDAY, 'mon 14:00', '2030-01-07T14:00:00.000Z'],
  [UTC_MONDAY, '2030-01-07T14:00:00.000Z', '2030-01-07T14:00:00.000Z'],
  [UTC_MONDAY, '2030-01-07T15:00+01:00', '2030-01-07T14:00:00.000Z'],
  [UTC_MONDAY, 'tomorrow at 9', '2030-01-08T09:00:00.000Z'],
  [UTC_MONDAY, 'today 23:45', '2030-01-07T23:45:00.000Z'],
  [UTC_MONDAY, '11:30pm', '2030-01-07T23:30:00.000Z'],
  [KOLKATA, '19:30', '2030-01-07T14:00:00.000Z'],
  [KOLKATA, '19:15', '2030-01-08T13:45:00.000Z'],
  [KOLKATA, 'now', '2030-01-07T14:00:00.000Z'],
  [UTC_MONDAY, '14', '2030-01-07T14:00:00.000Z'],
  [UTC_MONDAY, 'tomorrow 9', '2030-01-08T09:00:00.000Z'],
  [UTC_MONDAY, 'fri 9', '2030-01-11T09:00:00.000Z'],
  [UTC_MONDAY, '14.30', '2030-01-07T14:30:00.000Z'],
  [UTC_MONDAY, 'half past two', '2030-01-07T14:30:00.000Z'],
  [UTC_MONDAY, 'quarter to 9', '2030-01-08T08:45:00.000Z'],
  [UTC_MONDAY, 'quarter to nine pm', '2030-01-07T20:45:00.000Z'],
  [UTC_MONDAY, "two o'clock am", '2030-01-08T02:00:00.000Z'],
  [UTC_MONDAY, 'tomorrow at half past seven', '2030-01-08T07:30:00.000Z'],
  [UTC_MONDAY, 'midnight', '2030-01-08T00:00:00.000Z'],
  [UTC_MONDAY, '9am tomorrow', '2030-01-08T09:00:00.000Z'],
  [UTC_MONDAY, 'noon fri', '2030-01-11T12:00:00.000Z'],
  [UTC_MONDAY, '2 jan 9', '2031-01-02T09:00:00.000Z'],
  [UTC_MONDAY, '9 dec 9', '2030-12-09T09:00:00.000Z'],
  [UTC_MONDAY, 'fri 14h30', '2030-01-11T14:30:00.000Z'],
];

const refused: [Clock, string, RegExp][] = [
  [BERLIN_BEFORE_SPRING, 'tomorrow 2:30', /does not exist in Europe\/Berlin/],
  [BERLIN_BEFORE_SPRING, '2:30', /does not exist in Europe\/Berlin/],
  [BERLIN_BEFORE_SPRING, '14:07', /quarter hour/],
  [BERLIN_BEFORE_SPRING, '9:10am', /quarter hour/],
  [BERLIN_BEFORE_SPRING, '2026-04-01', /no time of day/],
  [BERLIN_BEFORE_SPRING, 'monday', /no time of day/],
  [BERLIN_BEFORE_SPRING, 'tomorrow blah', /Cannot read/],
  [BERLIN_BEFORE_SPRING, '25:00', /Cannot read/],
  [BERLIN_BEFORE_SPRING, '13pm', /Cannot read/],
  [BERLIN_BEFORE_SPRING, 'dec 9', /no time of day/],
  [BERLIN_BEFORE_SPRING, '', /Cannot read/],
  [KOLKATA, '19:40', /quarter hour/],
];

describe('reading <when>', () => {
  for (const [clock, text, expected] of accepted) {
    test(`"${text}" at ${clock.now} in ${clock.zone} means ${expected}`, () => {
      assert.equal(parseWhen(text, at(clock.now, clock.zone)).toISOString(), expected);
    });
  }
  for (const [clock, text, reason] of refused) {
    test(`"${text}" at ${clock.now} in ${clock.zone} is refused as bad input`, () => {
      assert.throws(() => parseWhen(text, at(clock.now, clock.zone)), (error: CliError) => {
        assert.equal(error.exitCode, EXIT.usage);
        assert.match(error.message, reason);
        return true;
      });
    });
  }

  test('an off-quarter time is refused with the two nearest valid starts', () => {
    assert.throws(() => parseWhen('14:07', at(BERLIN_BEFORE_SPRING.now, 'Europe/Berlin')), (error: CliError) => {
      assert.equal(error.hint, 'The nearest valid starts are Sun 29 Mar, 14:00 and Sun 29 Mar, 14:15.');
      return true;
    });
  });

  test('the README loop "mon 9:00" … "fri 9:00" books the coming weekdays at nine', () => {
    const starts = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => parseWhen(`${day} 9:00`, at(BERLIN_BEFORE_SPRING.now, 'Europe/Berlin')));
    assert.deepEqual(starts.map((s) => spanWords(s, new Date(s.getTime() + 50 * 60_000), at(BERLIN_BEFORE_SPRING.now, 'Europe/Berlin'))), [
      'Mon 30 Mar, 09:00–09:50', 'Tue 31 Mar, 09:00–09:50', 'Wed 1 Apr, 09:00–09:50', 'Thu 2 Apr, 09:00–09:50', 'Fri 3 Apr, 09:00–09:50',
    ]);
  });
});

describe('reading <duration>', () => {
  const durations: [string, number][] = [['25', 25], ['25m', 25], ['50min', 50], ['1h15m', 75], ['75m', 75], ['50 minutes', 50], ['1h 15m', 75], ['0h50m', 50], ['75M', 75]];
  for (const [text, minutes] of durations) {
    test(`"${text}" is ${minutes} minutes`, () => assert.equal(parseDuration(text), minutes));
  }
  for (const text of ['30m', '1h', '90', 'abc', '', '25s']) {
    test(`"${text}" is refused as bad input`, () => {
      assert.throws(() => parseDuration(text), (error: CliError) => error.exitCode === EXIT.usage);
    });
  }
});

describe('times in words', () => {
  const now = new Date('2026-11-27T18:00:00Z');
  test('a slot shows weekday, date and both clock times in the local zone', () => {
    assert.equal(spanWords(new Date('2026-11-28T13:00:00Z'), new Date('2026-11-28T13:50:00Z'), at(now, 'Europe/Berlin')), 'Sat 28 Nov, 14:00–14:50');
  });
  test('a slot in another year shows the year', () => {
    assert.equal(spanWords(new Date('2027-01-04T08:00:00Z'), new Date('2027-01-04T08:25:00Z'), at(now, 'UTC')), 'Mon 4 Jan 2027, 08:00–08:25');
  });
  // One style at every distance: at most two units, largest first (the issue saw "28 h 49 min", "39 h" and "3 days" side by side).
  const relative: [number, string][] = [
    [25, 'in 25 min'], [185, 'in 3 h 5 min'], [120, 'in 2 h'], [0, 'now'], [-12, '12 min ago'],
    [28 * 60 + 49, 'in 1 d 4 h'], [39 * 60, 'in 1 d 15 h'], [4 * 24 * 60, 'in 4 d'], [6 * 24 * 60 + 61, 'in 6 d 1 h'],
  ];
  for (const [minutes, words] of relative) {
    test(`${minutes} minutes from now reads "${words}"`, () => assert.equal(relativeWords(new Date(now.getTime() + minutes * 60_000), at(now, 'UTC')), words));
  }
});
