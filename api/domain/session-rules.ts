import { conflict, unprocessable } from '../http/problems.js';

/** The rules of SPEC §2 that need no database: durations, quarter hours, booking and join windows. */
export const DURATIONS = [25, 50, 75] as const;
export type Duration = (typeof DURATIONS)[number];

const MINUTE = 60_000;
export const BOOKING_HORIZON_MS = 13 * 7 * 24 * 60 * MINUTE;
export const JOIN_EARLY_MS = 10 * MINUTE;
export const LATE_CANCEL_MS = 60 * MINUTE;
const QUARTER_MS = 15 * MINUTE;

export function isDuration(value: unknown): value is Duration {
  return DURATIONS.includes(value as Duration);
}

export function isQuarterHour(at: Date): boolean {
  return at.getTime() % QUARTER_MS === 0;
}

/** The two valid starts around an off-quarter time, for an error a person can act on. */
export function nearestQuarterHours(at: Date): [Date, Date] {
  const before = Math.floor(at.getTime() / QUARTER_MS) * QUARTER_MS;
  return [new Date(before), new Date(before + QUARTER_MS)];
}

export function endOf(start: Date, duration: number): Date {
  return new Date(start.getTime() + duration * MINUTE);
}

export function assertBookable(start: Date, now: Date): void {
  if (start.getTime() < now.getTime()) {
    const earliest = nextQuarterHour(now);
    throw unprocessable('start-in-past', 'Start is in the past', `${start.toISOString()} has already begun; book a start from ${earliest.toISOString()} on.`, {
      startedAt: start.toISOString(), earliestStart: earliest.toISOString(),
      errors: [{ path: 'start', message: 'must not be in the past' }],
    });
  }
  if (start.getTime() > now.getTime() + BOOKING_HORIZON_MS) {
    const last = new Date(Math.floor((now.getTime() + BOOKING_HORIZON_MS) / QUARTER_MS) * QUARTER_MS);
    throw unprocessable('start-too-far', 'Start is too far ahead', `Sessions can be booked at most 13 weeks ahead (until ${last.toISOString()}).`, {
      latestStart: last.toISOString(),
      errors: [{ path: 'start', message: 'must be at most 13 weeks ahead' }],
    });
  }
}

export function nextQuarterHour(now: Date): Date {
  return new Date(Math.ceil(now.getTime() / QUARTER_MS) * QUARTER_MS);
}

export function assertCancellable(start: Date, now: Date): void {
  if (now.getTime() >= start.getTime()) {
    throw conflict('session-started', 'Session already started', `This session started at ${start.toISOString()}; it can no longer be cancelled or declined. Join it, or stay away (a missed match counts as a no-show); a partner who does not come can be replaced from start + 5 minutes (rematch) or reported.`, { startedAt: start.toISOString() });
  }
}

export function isLateCancel(start: Date, now: Date): boolean {
  return start.getTime() - now.getTime() < LATE_CANCEL_MS;
}

export function assertInJoinWindow(start: Date, end: Date, now: Date): void {
  const opens = new Date(start.getTime() - JOIN_EARLY_MS);
  if (now < opens) {
    throw conflict('join-window-not-open', 'Too early to join', `The call opens at ${opens.toISOString()}, 10 minutes before the start.`, { opensAt: opens.toISOString() });
  }
  if (now >= end) {
    throw conflict('session-over', 'Session is over', `This session ended at ${end.toISOString()}.`, { endedAt: end.toISOString() });
  }
}

export function assertTaskEditable(end: Date, now: Date): void {
  if (now >= end) {
    throw conflict('session-over', 'Session is over', `This session ended at ${end.toISOString()}; its task can only change until its end.`);
  }
}
