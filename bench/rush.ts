import { runLoad, type LoadResult } from './load.js';

export const HOUR = 60 * 60_000;

/** The JSON body of a booking of `slot`, also the body the POST baseline parses. */
export const bookingBody = (slot: Date) => JSON.stringify({ start: slot.toISOString(), duration: 50 });

/**
 * Top-of-the-hour rushes back to back: everyone books the first slot, then everyone the next, each
 * person with their own token, `connections` in flight throughout, so that one run lasts long
 * enough to measure. Slots are an hour apart, so no one's bookings overlap.
 */
export function bookSlots(url: string, serverPid: number, tokens: string[], slots: Date[], connections: number): Promise<LoadResult> {
  const bodies = slots.map(bookingBody);
  return runLoad({
    url,
    serverPid,
    connections,
    amount: tokens.length * slots.length,
    request: (i) => ({
      method: 'POST',
      path: '/v1/sessions',
      headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json' },
      body: bodies[Math.floor(i / tokens.length)]!,
    }),
  });
}

/** `count` hourly slots from `first`. */
export const hourlySlots = (first: Date, count: number) => Array.from({ length: count }, (_, k) => new Date(first.getTime() + k * HOUR));
