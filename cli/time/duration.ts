import { UsageError } from '../errors.js';

export const DURATIONS = [25, 50, 75] as const;
export type Duration = (typeof DURATIONS)[number];

const HOURS = String.raw`(\d+)\s*(?:h|hr|hrs|hour|hours)`;
const MINUTES = String.raw`(\d+)\s*(?:m|min|mins|minute|minutes)?`;
const DURATION = new RegExp(String.raw`^(?:${HOURS})?\s*(?:${MINUTES})?$`, 'i');

/** `25`, `25m`, `50min`, `1h15m`, `75 minutes` → minutes; only 25, 50 and 75 are sessions. */
export function parseDuration(text: string): Duration {
  const match = DURATION.exec(text.trim());
  const hours = match?.[1];
  const minutes = match?.[2];
  if (!match || (hours === undefined && minutes === undefined)) {
    throw new UsageError(`"${text}" is not a duration.`, 'Write 25m, 50m or 75m (also 25, 50min, 1h15m).');
  }
  const total = Number(hours ?? 0) * 60 + Number(minutes ?? 0);
  if (!(DURATIONS as readonly number[]).includes(total)) {
    throw new UsageError(`Sessions last 25, 50 or 75 minutes, not ${total}.`, 'Write 25m, 50m or 75m.');
  }
  return total as Duration;
}
