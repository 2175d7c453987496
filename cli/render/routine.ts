import type { Routine } from '../api-types.js';
import { daysWords } from '../routine-spec.js';
import { momentWords, type TimeWords } from '../time/words.js';

const REASONS: Record<Routine['skipped'][number]['reason'], string> = {
  overlap: 'overlaps another session of yours',
  'dst-gap': 'that time does not exist that day (clocks go forward)',
  limit: 'the booking limit is reached; booked when there is room',
  suspended: 'your account is suspended',
  busy: 'busy in your calendar; booked if that event goes away',
};

/** "weekdays at 09:00 (Europe/Berlin) · 50 min · deep work · paused". */
export function routineLine(routine: Routine): string {
  const parts = [`${daysWords(routine.days)} at ${routine.time} (${routine.timezone})`, `${routine.duration} min`];
  if (routine.task) parts.push(routine.task);
  if (routine.paused) parts.push('paused');
  return parts.join(' · ');
}

/** The routine's skipped occurrences ahead, one indented line each. */
export function skippedLines(routine: Routine, words: TimeWords): string[] {
  return routine.skipped.map((skip) => `  skipped ${momentWords(new Date(skip.start), words)}: ${REASONS[skip.reason]}`);
}
