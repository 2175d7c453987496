import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CliError, EXIT } from '../../cli/errors.js';
import { parseWhen } from '../../cli/time/when.js';
import { countdownWords, localeOf, spanWords } from '../../cli/time/words.js';

/** The one module that says times: clock changes, locales, countdowns, and the time words cowork reads. */
const words = (now: string, timeZone: string, locale = 'en-GB') => ({ now: new Date(now), timeZone, locale });
const BERLIN_OCTOBER = words('2026-10-24T10:00:00Z', 'Europe/Berlin');
const BERLIN_MARCH = words('2026-03-28T10:00:00Z', 'Europe/Berlin');

describe('spans across a clock change', () => {
  test('a 75-minute span over the autumn change states its length and that the clocks go back', () => {
    assert.equal(spanWords(new Date('2026-10-25T00:30:00Z'), new Date('2026-10-25T01:45:00Z'), BERLIN_OCTOBER),
      'Sun 25 Oct, 02:30–02:45 (75 min; clocks go back at 03:00)');
  });

  test('a 75-minute span over the spring change states its length and that the clocks go forward', () => {
    assert.equal(spanWords(new Date('2026-03-29T00:30:00Z'), new Date('2026-03-29T01:45:00Z'), BERLIN_MARCH),
      'Sun 29 Mar, 01:30–03:45 (75 min; clocks go forward at 02:00)');
  });

  test('the same span in UTC has no clock change to mention', () => {
    assert.equal(spanWords(new Date('2026-10-25T00:30:00Z'), new Date('2026-10-25T01:45:00Z'), words('2026-10-24T10:00:00Z', 'UTC')),
      'Sun 25 Oct, 00:30–01:45');
  });

  test('a note joins the clock change inside one pair of parentheses', () => {
    assert.equal(spanWords(new Date('2026-10-25T00:30:00Z'), new Date('2026-10-25T01:45:00Z'), BERLIN_OCTOBER, { note: 'in 14 h 30 min' }),
      'Sun 25 Oct, 02:30–02:45 (75 min; clocks go back at 03:00; in 14 h 30 min)');
  });

  test('a table keeps only the length', () => {
    assert.equal(spanWords(new Date('2026-10-25T00:30:00Z'), new Date('2026-10-25T01:45:00Z'), BERLIN_OCTOBER, { short: true }),
      'Sun 25 Oct, 02:30–02:45 (75 min)');
  });
});

describe('locales', () => {
  const start = new Date('2026-11-28T13:00:00Z');
  const end = new Date('2026-11-28T13:50:00Z');
  const cases: [Record<string, string>, string][] = [
    [{ LANG: 'C.UTF-8' }, 'Sat 28 Nov, 14:00–14:50'],
    [{}, 'Sat 28 Nov, 14:00–14:50'],
    [{ LANG: 'en_US.UTF-8' }, 'Sat Nov 28, 2:00 PM–2:50 PM'],
    [{ LANG: 'en_US.UTF-8', LC_TIME: 'en_GB.UTF-8' }, 'Sat 28 Nov, 14:00–14:50'],
    [{ LC_ALL: 'de_DE.UTF-8', LANG: 'en_US.UTF-8' }, 'Sa. 28. Nov., 14:00–14:50'],
  ];
  for (const [env, expected] of cases) {
    test(`${JSON.stringify(env)} says "${expected}"`, () => {
      assert.equal(spanWords(start, end, { now: start, timeZone: 'Europe/Berlin', locale: localeOf(env) }), expected);
    });
  }
});

describe('countdowns', () => {
  const cases: [number, string][] = [
    [45, '45 s'], [8 * 60 + 26, '8 min 26 s'], [2 * 3600 + 5 * 60, '2 h 5 min'],
    [148 * 3600 + 61, '6 d 4 h 2 min'], [24 * 3600, '1 d 0 h 0 min'],
  ];
  for (const [seconds, expected] of cases) {
    test(`${seconds} s to go reads "${expected}"`, () => assert.equal(countdownWords(seconds * 1000), expected));
  }
});

describe('time words cowork reads its own way', () => {
  const MONDAY = words('2030-01-07T10:00:00Z', 'Europe/Berlin');
  const read = (text: string) => parseWhen(text, MONDAY).toISOString();
  const refusal = (text: string) => {
    try {
      parseWhen(text, MONDAY);
    } catch (error) {
      assert.equal((error as CliError).exitCode, EXIT.usage);
      return error as CliError;
    }
    return assert.fail(`"${text}" was accepted`);
  };

  test('14h means 14:00 today, and 9h30 means 09:30 (SPEC §11)', () => {
    assert.equal(read('14h'), '2030-01-07T13:00:00.000Z');
    assert.equal(read('tomorrow 9h30'), '2030-01-08T08:30:00.000Z');
  });

  test('1/2 14:00 is refused with both readings as a hint', () => {
    const error = refusal('1/2 14:00');
    assert.match(error.message, /could be 2 Jan or 1 Feb/);
    assert.equal(error.hint, 'Write 2 Jan or 1 Feb.');
  });

  test('a numeric date with only one reading is read: 13/2 and 2/13 are 13 Feb', () => {
    assert.equal(read('13/2 14:00'), '2030-02-13T13:00:00.000Z');
    assert.equal(read('2/13 14:00'), '2030-02-13T13:00:00.000Z');
  });

  test('an offset of +25:00 is refused, +14:00 is not', () => {
    assert.match(refusal('2030-01-09T14:00+25:00').message, /"\+25:00" is not a UTC offset/);
    assert.equal(read('2030-01-09T14:00+14:00'), '2030-01-09T00:00:00.000Z');
  });
});
