import { z } from '@hono/zod-openapi';
import { MAX_CALENDAR_URL } from '../busy-calendar/calendar-url.js';
import { isoTime } from './common.js';

// The busy calendar (SPEC §15): the address a person gives, and what fetching it gave.

export const busyCalendarBody = z.strictObject({
  url: z.string({ error: 'must be the https address of your calendar in iCal (ICS) form' })
    .min(1, 'must not be empty').max(MAX_CALENDAR_URL, `must be at most ${MAX_CALENDAR_URL} characters`)
    .openapi({ description: 'The secret iCal (ICS) address of your own calendar (Google: "Secret address in iCal format"; Outlook: a published ICS link); https, or webcal', example: 'https://calendar.google.com/calendar/ical/ada%40example.org/private-3f9c…/basic.ics' }),
});

export const BusyIntervalSchema = z
  .strictObject({ start: isoTime, end: isoTime, title: z.string().openapi({ description: "The event's title (SUMMARY), or busy" }) })
  .openapi('BusyInterval');

export const BusyCalendarSchema = z
  .strictObject({
    url: z.string(),
    createdAt: isoTime.openapi({ description: 'When this address was set' }),
    lastAttemptAt: isoTime.nullable().openapi({ description: 'The last fetch, whatever came of it; null before the first' }),
    lastSuccessAt: isoTime.nullable().openapi({ description: 'The last fetch that worked; the busy intervals are from then. Null: none yet' }),
    lastError: z.string().nullable().openapi({ description: 'Why the last fetch failed (the last good intervals are kept), or null when it worked' }),
    nextFetchAt: isoTime.openapi({ description: 'Fetched at most every 15 minutes' }),
    busy: z.array(BusyIntervalSchema).openapi({ description: 'Your upcoming busy events (at most 100, earliest first): bookings over them are refused with 409 busy, routines skip them, slots leave them out' }),
  })
  .openapi('BusyCalendar');
