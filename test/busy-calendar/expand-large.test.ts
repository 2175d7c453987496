import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'node:test';
import { busyEventsOf, MAX_BUSY_EVENTS } from '../../api/busy-calendar/expand.js';
import { MAX_FEED_BYTES } from '../../api/busy-calendar/fetch-feed.js';

const google = readFileSync(new URL('../fixtures/ics/google-calendar.ics', import.meta.url), 'utf8');

/** A calendar of nearly 2 MB, as Google exports one: a year and more of events, a third of them weekly series. */
function largeCalendar(): string {
  const header = google.slice(0, google.indexOf('BEGIN:VEVENT'));
  const events: string[] = [];
  let size = header.length;
  for (let i = 0; size < MAX_FEED_BYTES - 100_000; i++) {
    const date = `2029${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    const event = `BEGIN:VEVENT\r\nUID:ev${i}@google.com\r\nDTSTART;TZID=Europe/Berlin:${date}T100000\r\nDTEND;TZID=Europe/Berlin:${date}T110000\r\n`
      + `${i % 3 === 0 ? 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n' : ''}SUMMARY:Meeting ${i}\r\n`
      + 'DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij and a paragraph of notes that exports carry along\r\n'
      + 'STATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n';
    events.push(event);
    size += event.length;
  }
  return `${header}${events.join('')}END:VCALENDAR\r\n`;
}

test('expanding a calendar of nearly 2 MB gives the event loop back as it goes, and keeps the earliest 2,000 events', async () => {
  const ics = largeCalendar();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const events = await busyEventsOf(ics, new Date('2030-03-04T06:00:00Z'), new Date('2030-06-04T06:00:00Z'), 'Europe/Berlin');
  delay.disable();
  assert.equal(events.length, MAX_BUSY_EVENTS);
  assert.ok(events.every((event, i) => i === 0 || event.start >= events[i - 1]!.start), 'earliest first');
  assert.equal(events[0]!.start.toISOString(), '2030-03-04T09:00:00.000Z');
  // Slices of 10 ms; the parse of the whole text is the longest turn.
  assert.ok(delay.max / 1e6 < 1_000, `the longest wait of the event loop was ${Math.round(delay.max / 1e6)} ms`);
});
