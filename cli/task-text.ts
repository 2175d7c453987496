import { UsageError } from './errors.js';

/** A task as SPEC §2 and §11 allow it: at most 280 characters as a person counts them (graphemes). */
export const TASK_LIMIT = 280;

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;

/** Refuses a task that is too long before it reaches the server, saying so about the task itself. */
export function checkTask(text: string): void {
  const length = graphemes(text.trim());
  if (length > TASK_LIMIT) {
    throw new UsageError(`The task is ${length} characters long; the limit is ${TASK_LIMIT}.`, `Shorten it by ${length - TASK_LIMIT}; your partner sees all of it.`);
  }
}
