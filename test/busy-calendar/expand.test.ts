import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { busyEventsOf, CalendarUnreadable } from '../../api/busy-calendar/expand.js';

const NOW = new Date('2030-03-04T06:00:00Z');
const HORIZON = new Date(NOW.getTime() + 91 * 86_400_000);
const fixture = (name: string) => readFileSync(new URL(`../fixtures/ics/${name}`, import.meta.url), 'utf8');
const shown = async (ics: string, zone: string, from = NOW, to = HORIZON) =>
  (await busyEventsOf(ics, from, to, zone)).map((event) => `${event.start.toISOString().slice(0, 16)}–${event.end.toISOString().slice(11, 16)} ${event.title}`);

// Each export's busy intervals in UTC, worked out by hand from the file.
describe('busy intervals expanded from real-world-shaped exports (SPEC §15)', () => {
  test('Google Calendar: a weekly meeting without its EXDATE, with its moved instance, without its cancelled one, across the change to summer time; an all-day offsite in the person\'s zone; the transparent and past ones left out', async () => {
    assert.deepEqual(await shown(fixture('google-calendar.ics'), 'Europe/Berlin'), [
      '2030-03-04T09:00–10:00 Team sync',
      '2030-03-06T09:00–10:00 Team sync',
      '2030-03-11T09:00–10:00 Team sync',
      '2030-03-13T09:00–10:00 Team sync',
      '2030-03-18T09:00–10:00 Team sync',
      '2030-03-19T13:00–14:00 Dentist',
      '2030-03-21T13:00–14:00 Team sync (moved to Thursday)',
      // 25 March is an EXDATE, 27 March a cancelled instance; from 31 March Berlin is UTC+2.
      '2030-04-01T08:00–09:00 Team sync',
      '2030-04-01T22:00–22:00 Offsite',
    ]);
    const offsite = (await busyEventsOf(fixture('google-calendar.ics'), NOW, HORIZON, 'Europe/Berlin')).at(-1)!;
    assert.equal(offsite.end.toISOString(), '2030-04-03T22:00:00.000Z', 'two whole days, Berlin midnight to midnight');
  });

  test('Outlook: Windows zone names read from their VTIMEZONEs, a Pacific meeting across the US change, an all-day out-of-office; cancelled and free events left out', async () => {
    assert.deepEqual(await shown(fixture('outlook.ics'), 'Europe/Berlin'), [
      '2030-03-05T08:00–08:30 1:1 with Sam',
      '2030-03-07T16:00–17:00 Sync with Seattle',
      '2030-03-07T23:00–23:00 Out of office',
      '2030-03-14T15:00–16:00 Sync with Seattle',
      '2030-03-19T14:00–14:30 1:1 with Sam (afternoon this week)',
      '2030-03-21T15:00–16:00 Sync with Seattle',
      '2030-03-26T08:00–08:30 1:1 with Sam',
      '2030-04-02T07:00–07:30 1:1 with Sam',
    ]);
  });

  test('Apple Calendar: a daily standup across the US change with two EXDATEs, a moved and a cancelled instance; a Tokyo time without its VTIMEZONE; a five-day all-day event in New York; a UTC time', async () => {
    assert.deepEqual(await shown(fixture('apple-calendar.ics'), 'America/New_York'), [
      '2030-03-06T14:30–14:45 Standup',
      '2030-03-07T14:30–14:45 Standup',
      '2030-03-08T14:30–14:45 Standup',
      '2030-03-11T13:30–13:45 Standup',
      '2030-03-12T15:00–15:15 Standup (late today)',
      '2030-03-14T13:30–13:45 Standup',
      '2030-03-15T13:30–13:45 Standup',
      '2030-03-18T17:00–17:30 Call with Lisbon',
      '2030-03-20T01:00–06:00 Flight to Tokyo',
      '2030-03-25T04:00–04:00 Spring break',
    ]);
    const springBreak = (await busyEventsOf(fixture('apple-calendar.ics'), NOW, HORIZON, 'America/New_York')).at(-1)!;
    assert.equal(springBreak.end.toISOString(), '2030-03-30T04:00:00.000Z');
  });

  test('only what overlaps the window is kept: an event under way at its start counts, one after its end does not', async () => {
    const ics = fixture('google-calendar.ics');
    assert.deepEqual(await shown(ics, 'Europe/Berlin', new Date('2030-03-04T09:30:00Z'), new Date('2030-03-11T09:00:00Z')),
      ['2030-03-04T09:00–10:00 Team sync', '2030-03-06T09:00–10:00 Team sync']);
  });

  test('a calendar from one file leaves no time zone behind for the next: the same TZID is read as each file defines it', async () => {
    const zone = (offset: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Office\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:${offset}\r\nTZOFFSETTO:${offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n`
      + 'BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Meeting\r\nDTSTART;TZID=Office:20300305T100000\r\nDTEND;TZID=Office:20300305T110000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    assert.deepEqual(await shown(zone('+0300'), 'UTC'), ['2030-03-05T07:00–08:00 Meeting']);
    assert.deepEqual(await shown(zone('-0500'), 'UTC'), ['2030-03-05T15:00–16:00 Meeting']);
  });

  test('a title loses control characters, an untitled event is "busy", and a rule repeating every minute stops at its step limit', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Dent\\nist\r\nDTSTART:20300305T100000Z\r\nDTEND:20300305T110000Z\r\nEND:VEVENT\r\n'
      + 'BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20300306T100000Z\r\nDTEND:20300306T110000Z\r\nEND:VEVENT\r\n'
      + 'BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Tick\r\nDTSTART:20300307T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const events = await busyEventsOf(ics, NOW, HORIZON, 'UTC');
    assert.deepEqual(events.slice(0, 2).map((event) => event.title), ['Dent ist', 'busy']);
    assert.ok(events.length <= 2_000, `${events.length} events kept`);
  });

  test('text that is not an iCalendar file is refused, saying so', async () => {
    await assert.rejects(busyEventsOf('<html>Sign in</html>', NOW, HORIZON, 'UTC'), CalendarUnreadable);
    await assert.rejects(busyEventsOf('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n', NOW, HORIZON, 'UTC'), /not a VCALENDAR/);
  });
});
