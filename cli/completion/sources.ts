import type { Argument, Option } from 'commander';

/**
 * What an argument or option value completes to, beyond commander's own `choices`: kept on the
 * commander objects themselves, so completion is read from the program and cannot drift from it.
 * A new command marks its arguments with `completes(argument, 'sessions')` and is done.
 */
export type Source = 'durations' | 'whens' | 'days' | ServerSource | 'config-keys' | 'files';

/** The sources whose words are the person's own ids, asked of the server at each TAB. */
export type ServerSource = 'sessions' | 'routines' | 'webhooks';
const SERVER_SOURCES: readonly Source[] = ['sessions', 'routines', 'webhooks'];
export const isServerSource = (source: Source): source is ServerSource => SERVER_SOURCES.includes(source);

const SOURCE = Symbol('cowork completion source');
type Marked = { [SOURCE]?: Source };

export function completes<T extends Argument | Option>(target: T, source: Source): T {
  (target as T & Marked)[SOURCE] = source;
  return target;
}

export const sourceOf = (target: Argument | Option): Source | undefined => (target as (Argument | Option) & Marked)[SOURCE];

const DAYS = ['today', 'tomorrow', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Fixed words for the sources that need no server. */
export const FIXED: Partial<Record<Source, string[]>> = {
  durations: ['25m', '50m', '75m'],
  whens: ['now', ...DAYS],
  days: DAYS,
  'config-keys': ['server', 'token'],
};
