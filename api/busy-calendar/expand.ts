import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/**
 * A busy calendar's ICS text as the busy intervals of a window (SPEC §15): recurrences (RRULE,
 * RDATE, EXDATE) and their exceptions (RECURRENCE-ID, moved or cancelled instances) expanded by
 * ical.js, times read in the calendar's own VTIMEZONEs (Outlook names zones its own way), in an IANA
 * zone a TZID names without a VTIMEZONE, or, for all-day and floating times, in the person's zone.
 * Transparent (TRANSP:TRANSPARENT) and cancelled (STATUS:CANCELLED) events are free.
 */
export interface BusyEvent {
  start: Date;
  end: Date;
  title: string;
}

export class CalendarUnreadable extends Error {}

/** At most this many events are kept (the earliest); the rest of a calendar is left out. */
export const MAX_BUSY_EVENTS = 2_000;
/** Occurrences looked at per recurring event: a rule that repeats every minute stops here, not at the window's end. */
const MAX_STEPS_PER_EVENT = 20_000;
/** Occurrences looked at per calendar, all events together. */
const MAX_STEPS = 1_000_000;
/**
 * ical.js is synchronous and a 2 MB calendar of recurring events takes seconds: the work gives the
 * event loop back after each slice this long, so requests are answered meanwhile.
 */
const SLICE_MS = 10;
const MAX_TITLE = 200;
const UNTITLED = 'busy';

// One expansion at a time in a process: each registers its calendar's zones in ical.js's one registry.
let queue: Promise<unknown> = Promise.resolve();

/** Every busy event of `ics` that overlaps [from, to), earliest first, at most MAX_BUSY_EVENTS. */
export function busyEventsOf(ics: string, from: Date, to: Date, personZone: string): Promise<BusyEvent[]> {
  const run = queue.then(() => expandCalendar(ics, from, to, personZone));
  queue = run.catch(() => undefined);
  return run;
}

async function expandCalendar(ics: string, from: Date, to: Date, personZone: string): Promise<BusyEvent[]> {
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(ics));
  } catch (error) {
    throw new CalendarUnreadable(`not an iCalendar file (${(error as Error).message.split('\n')[0]!.slice(0, 120)})`);
  }
  if (calendar.name !== 'vcalendar') throw new CalendarUnreadable(`not an iCalendar file (it holds a ${calendar.name.toUpperCase()}, not a VCALENDAR)`);
  const registered = registerZones(calendar);
  try {
    return await expand(calendar, from.getTime(), to.getTime(), personZone);
  } finally {
    // ical.js keeps zones in one registry for the whole process: forget this calendar's, so another's same TZID is read its own way.
    for (const tzid of registered) ICAL.TimezoneService.remove(tzid);
  }
}

function registerZones(calendar: ICAL.Component): string[] {
  const registered: string[] = [];
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = String(vtimezone.getFirstPropertyValue('tzid') ?? '');
    if (!tzid || ICAL.TimezoneService.has(tzid)) continue;
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
    registered.push(tzid);
  }
  return registered;
}

async function expand(calendar: ICAL.Component, fromMs: number, toMs: number, personZone: string): Promise<BusyEvent[]> {
  let sliceEnds = performance.now() + SLICE_MS;
  const yieldWhenDue = async () => {
    if (performance.now() < sliceEnds) return;
    await new Promise((resolve) => setImmediate(resolve));
    sliceEnds = performance.now() + SLICE_MS;
  };
  let steps = 0;
  const vevents = calendar.getAllSubcomponents('vevent');
  const exceptions = new Map<string, ICAL.Component[]>();
  for (const vevent of vevents) {
    if (!vevent.hasProperty('recurrence-id')) continue;
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    exceptions.set(uid, [...(exceptions.get(uid) ?? []), vevent]);
  }
  const found: BusyEvent[] = [];
  const keep = (item: ICAL.Event, start: ICAL.Time, end: ICAL.Time) => {
    if (!isBusy(item.component)) return;
    const startMs = instantOf(start, personZone);
    const endMs = instantOf(end, personZone);
    if (endMs <= startMs || endMs <= fromMs || startMs >= toMs) return;
    found.push({ start: new Date(startMs), end: new Date(endMs), title: titleOf(item) });
  };
  for (const vevent of vevents) {
    if (vevent.hasProperty('recurrence-id') || !vevent.hasProperty('dtstart')) continue;
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    const ownExceptions = exceptions.get(uid) ?? [];
    exceptions.delete(uid);
    // Given its exceptions, ical.js does not look for them among every VEVENT of the file (one pass per event).
    const event = new ICAL.Event(vevent, { exceptions: ownExceptions });
    if (!event.isRecurring()) {
      keep(event, event.startDate, endOf(event));
      continue;
    }
    // Occurrences ending before the window are passed over without reading their details, unless an exception moved them.
    const moved = new Set(ownExceptions.map((exception) => instantOf(exception.getFirstPropertyValue('recurrence-id') as ICAL.Time, personZone)));
    const lengthMs = instantOf(endOf(event), personZone) - instantOf(event.startDate, personZone);
    const iterator = event.iterator();
    for (let step = 0, next = iterator.next(); next && step < MAX_STEPS_PER_EVENT && steps < MAX_STEPS; step++, steps++, next = iterator.next()) {
      if (step % 64 === 0) await yieldWhenDue();
      const at = instantOf(next, personZone);
      // An instance moved from after the window into it is missed; one moved out of it is not kept.
      if (at >= toMs + 86_400_000) break;
      if (at + lengthMs <= fromMs && !moved.has(at)) continue;
      const details = event.getOccurrenceDetails(next);
      keep(details.item, details.startDate, details.endDate);
    }
    await yieldWhenDue();
  }
  // Exceptions whose series is not in the file (a shared instance): each stands alone.
  for (const orphans of exceptions.values()) {
    for (const vevent of orphans) {
      if (!vevent.hasProperty('dtstart')) continue;
      const event = new ICAL.Event(vevent, { exceptions: [] });
      keep(event, event.startDate, endOf(event));
    }
  }
  return found.sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime()).slice(0, MAX_BUSY_EVENTS);
}

const isBusy = (vevent: ICAL.Component) =>
  String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() !== 'CANCELLED'
  && String(vevent.getFirstPropertyValue('transp') ?? '').toUpperCase() !== 'TRANSPARENT';

/** DTEND, else DTSTART + DURATION (ical.js), else a day for an all-day event and nothing for a moment. */
function endOf(event: ICAL.Event): ICAL.Time {
  if (event.component.hasProperty('dtend') || event.component.hasProperty('duration')) return event.endDate;
  const end = event.startDate.clone();
  if (end.isDate) end.day += 1;
  return end;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function titleOf(event: ICAL.Event): string {
  // Control characters and lone surrogates out: libsql cuts TEXT at a NUL (STACK.md).
  const text = String(event.summary ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(LONE_SURROGATE, '\ufffd').trim();
  return text === '' ? UNTITLED : text.slice(0, MAX_TITLE);
}

/**
 * The instant an ICS time names. A zone ical.js knows (UTC, or a VTIMEZONE of this file) gives it
 * directly; a TZID it does not know but Intl does (Google writes "Europe/Berlin" with or without a
 * VTIMEZONE) is read with luxon; an all-day date or a floating time is the person's wall clock.
 */
function instantOf(time: ICAL.Time, personZone: string): number {
  const zone = time.zone;
  if (!time.isDate && zone && zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
  // ical.js keeps a TZID it has no zone for as `timezone` (untyped) and reads the time as floating.
  const tzid = (time as unknown as { timezone?: string }).timezone;
  const named = !time.isDate && tzid ? tzid : personZone;
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.isDate ? 0 : time.hour, minute: time.isDate ? 0 : time.minute, second: time.isDate ? 0 : time.second };
  let local = DateTime.fromObject(wall, { zone: named });
  if (!local.isValid) local = DateTime.fromObject(wall, { zone: personZone });
  return local.toMillis();
}
