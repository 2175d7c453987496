import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CliError, EXIT } from '../../cli/errors.js';
import { parseDay } from '../../cli/time/day.js';

/** `<date>` of `routine skip`: whole days in the person's zone, read as the date part of a `<when>`. */
const at = (now: string, timeZone: string) => ({ now: new Date(now), timeZone, locale: 'en-GB' });
const BERLIN_SATURDAY_BEFORE_SPRING = at('2026-03-28T20:00:00Z', 'Europe/Berlin'); // Sat 21:00 CET; clocks skip 02:00–03:00 on Sunday
const BERLIN_MONDAY_JUST_AFTER_MIDNIGHT = at('2030-01-06T23:30:00Z', 'Europe/Berlin'); // Mon 7 Jan 00:30, still Sunday in UTC

const span = (day: { start: Date; end: Date }) => [day.start.toISOString(), day.end.toISOString()];

describe('parseDay', () => {
  test('a day lasts from its local midnight to the next: 23 hours on the day the clocks go forward', () => {
    assert.deepEqual(span(parseDay('tomorrow', BERLIN_SATURDAY_BEFORE_SPRING)), ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
  });

  test('today, a weekday (today included) and a yearless date are read in the person\'s zone, not UTC', () => {
    const now = BERLIN_MONDAY_JUST_AFTER_MIDNIGHT;
    assert.deepEqual(span(parseDay('today', now)), ['2030-01-06T23:00:00.000Z', '2030-01-07T23:00:00.000Z']);
    assert.deepEqual(span(parseDay('mon', now)), ['2030-01-06T23:00:00.000Z', '2030-01-07T23:00:00.000Z']);
    assert.deepEqual(span(parseDay('6 jan', now)), ['2031-01-05T23:00:00.000Z', '2031-01-06T23:00:00.000Z']);
    assert.deepEqual(span(parseDay('13/1', now)), ['2030-01-12T23:00:00.000Z', '2030-01-13T23:00:00.000Z']);
    assert.deepEqual(span(parseDay('2030-02-01', now)), ['2030-01-31T23:00:00.000Z', '2030-02-01T23:00:00.000Z']);
  });

  const refused: [string, RegExp][] = [
    ['1/2', /could be 2 Jan or 1 Feb/],
    ['fri 9:00', /names a time of day/],
    ['march', /Cannot read "march" as a date/],
    ['soon', /Cannot read "soon" as a date/],
  ];
  for (const [text, message] of refused) {
    test(`"${text}" is refused as a usage error that says what to write`, () => {
      assert.throws(() => parseDay(text, BERLIN_MONDAY_JUST_AFTER_MIDNIGHT), (error: unknown) =>
        error instanceof CliError && error.exitCode === EXIT.usage && message.test(error.message) && Boolean(error.hint));
    });
  }
});
