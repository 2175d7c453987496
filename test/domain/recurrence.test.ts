import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { occurrencesBetween, type Recurrence } from '../../api/domain/recurrence.js';
import { isIanaTimeZone } from '../../api/http/validation.js';

const weekdaysAt = (time: string, timezone = 'Europe/Berlin'): Recurrence => ({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time, timezone });
const starts = (recurrence: Recurrence, from: string, to: string) =>
  occurrencesBetween(recurrence, new Date(from), new Date(to)).map((o) => `${o.start.toISOString()} ${o.kind}`);

describe('a routine\'s occurrences in its time zone', () => {
  const cases: { rule: string; recurrence: Recurrence; from: string; to: string; expected: string[] }[] = [
    {
      rule: '09:00 Berlin stays 09:00 local across the spring change (UTC+1 then UTC+2)',
      recurrence: weekdaysAt('09:00'), from: '2026-03-26T00:00:00Z', to: '2026-03-31T00:00:00Z',
      expected: ['2026-03-26T08:00:00.000Z bookable', '2026-03-27T08:00:00.000Z bookable', '2026-03-30T07:00:00.000Z bookable'],
    },
    {
      rule: '09:00 Berlin stays 09:00 local across the autumn change (UTC+2 then UTC+1)',
      recurrence: weekdaysAt('09:00'), from: '2026-10-23T00:00:00Z', to: '2026-10-27T00:00:00Z',
      expected: ['2026-10-23T07:00:00.000Z bookable', '2026-10-26T08:00:00.000Z bookable'],
    },
    {
      rule: 'a local time that does not exist that day is a dst-gap',
      recurrence: { days: ['sun'], time: '02:30', timezone: 'Europe/Berlin' }, from: '2026-03-22T00:00:00Z', to: '2026-04-06T00:00:00Z',
      expected: ['2026-03-22T01:30:00.000Z bookable', '2026-03-29T01:30:00.000Z dst-gap', '2026-04-05T00:30:00.000Z bookable'],
    },
    {
      rule: 'an ambiguous autumn time takes the first of its two instants',
      recurrence: { days: ['sun'], time: '02:30', timezone: 'Europe/Berlin' }, from: '2026-10-25T00:00:00Z', to: '2026-10-26T00:00:00Z',
      expected: ['2026-10-25T00:30:00.000Z bookable'],
    },
    {
      rule: 'the range is half-open and weekdays are local (Sunday 23:00 in New York is Monday in UTC)',
      recurrence: { days: ['sun'], time: '23:00', timezone: 'America/New_York' }, from: '2026-01-04T00:00:00Z', to: '2026-01-12T04:00:00Z',
      expected: ['2026-01-05T04:00:00.000Z bookable'],
    },
    {
      rule: 'a start equal to the end of the range is left out; one equal to its beginning is kept',
      recurrence: { days: ['mon'], time: '09:00', timezone: 'UTC' }, from: '2026-01-05T09:00:00Z', to: '2026-01-12T09:00:00Z',
      expected: ['2026-01-05T09:00:00.000Z bookable'],
    },
  ];
  for (const { rule, recurrence, from, to, expected } of cases) {
    test(rule, () => assert.deepEqual(starts(recurrence, from, to), expected));
  }

  test('time zones are recognised by their IANA name, and offsets no clock shows are not zones', () => {
    assert.equal(isIanaTimeZone('Europe/Berlin'), true);
    assert.equal(isIanaTimeZone('Etc/GMT+5'), true);
    for (const zone of ['Mars/Olympus', 'UTC+99', 'UTC-23:59', '+01:00', '']) assert.equal(isIanaTimeZone(zone), false, zone);
  });
});
