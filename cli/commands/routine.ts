import type { Routine } from '../api-types.js';
import { DeclinedError, UsageError } from '../errors.js';
import { confirmOrRequireYes } from '../interaction.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { routineLine, skippedLines } from '../render/routine.js';
import { parseClockTime, parseDays } from '../routine-spec.js';
import { parseDay } from '../time/day.js';
import { parseDuration } from '../time/duration.js';
import { dayWords, type TimeWords } from '../time/words.js';
import { connect } from './context.js';
import { checkActivity } from './settings.js';

export interface RoutineAddOptions extends GlobalOptions {
  task?: string | undefined;
  activity?: string | undefined;
  quiet?: boolean | undefined;
  horizon?: string | undefined;
}

export interface RoutineRemoveOptions extends GlobalOptions {
  all?: boolean | undefined;
  yes?: boolean | undefined;
}

/** `cowork routine add weekdays 9:00 50m --task "deep work"`: the server books it from now on. */
export async function routineAdd(days: string, time: string, duration: string, options: RoutineAddOptions): Promise<void> {
  if (options.horizon !== undefined && !/^\d{1,2}$/.test(options.horizon)) {
    throw new UsageError(`--horizon takes a number of days, not "${options.horizon}".`, 'Write 1 to 91, such as --horizon 28.');
  }
  const body = {
    days: parseDays(days), time: parseClockTime(time), duration: parseDuration(duration),
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.horizon === undefined ? {} : { horizonDays: Number(options.horizon) }),
    ...(options.activity === undefined ? {} : { activity: checkActivity(options.activity) }),
    ...(options.quiet === undefined ? {} : { quiet: options.quiet }),
  };
  const { client, words } = connect(options);
  const routine = await client.addRoutine(body);
  report(routine, options, 'Added', words());
}

export async function routineList(options: GlobalOptions): Promise<void> {
  const { client, words } = connect(options);
  const { data } = await client.routines();
  if (options.json) return printJson(data);
  if (data.length === 0) return say('You have no routines. Add one with `cowork routine add weekdays 9:00 50m`.');
  for (const routine of data) {
    printLine(`${routineLine(routine)}  id ${routine.id}`);
    for (const line of skippedLines(routine, words())) printLine(line);
  }
}

/** Pause or resume: a paused routine books nothing; resuming books up to its horizon at once. */
export async function routineSetPaused(id: string, paused: boolean, options: GlobalOptions): Promise<void> {
  const { client, words } = connect(options);
  report(await client.changeRoutine(id, { paused }), options, paused ? 'Paused' : 'Resumed', words());
}

/** Deletes a routine: its waiting sessions ahead are cancelled; matched ones too with --all. */
export async function routineRemove(id: string, options: RoutineRemoveOptions): Promise<void> {
  const { client } = connect(options);
  const what = options.all ? 'and cancel all its sessions ahead, matched ones too' : 'and cancel its sessions ahead still waiting for a partner';
  if (!(await confirmOrRequireYes(`Delete routine ${id} ${what}?`, options.yes))) throw new DeclinedError('Nothing deleted.');
  const deletion = await client.removeRoutine(id, Boolean(options.all));
  if (options.json) return printJson(deletion);
  const cancelled = deletion.cancelled.length > 0 ? ` and cancelled its ${sessionCount(deletion.cancelled.length)} ahead.`
    : deletion.kept.length > 0 ? '; none of its sessions ahead was waiting, so none was cancelled.' : '; it had no sessions ahead.';
  const kept = deletion.kept.length === 0 ? '' : ` Kept its ${sessionCount(deletion.kept.length, 'matched')} ahead (rm --all cancels matched ones too).`;
  say(`Deleted routine ${id}${cancelled}${kept}`);
}

const sessionCount = (n: number, kind = '') => `${n}${kind ? ` ${kind}` : ''} session${n === 1 ? '' : 's'}`;

/** `--through` takes its day in as many words as the first day (`--through 2 jan`), up to the next option. */
export interface RoutineSkipOptions extends GlobalOptions {
  through?: string[] | undefined;
  yes?: boolean | undefined;
}

export interface RoutineUnskipOptions extends GlobalOptions {
  through?: string[] | undefined;
}

/** The API's bound on one skip (api/schemas/routines.ts). */
const MAX_SKIP_MS = 366 * 24 * 3_600_000;

/** What to do instead, for each way the days can be refused. */
interface RangeHints {
  backwards: string;
  over: string;
  tooLong: string;
}

const SKIP_HINTS: RangeHints = {
  backwards: 'Give the last day to skip, on or after the first.',
  over: 'Skip days from today on.',
  tooLong: 'Skip at most 366 days at once; run it again for the days after.',
};

const UNSKIP_HINTS: RangeHints = {
  backwards: 'Give the last day to book again, on or after the first.',
  over: 'Lift skips from today on: days past stay as they were.',
  tooLong: 'Lift at most 366 days at once; run it again for the days after.',
};

/** The days `<date...> [--through <date>]` name, read alike by routine skip and unskip. */
function dayRange(date: string[], through: string[] | undefined, words: TimeWords, hints: RangeHints): { from: Date; to: Date; days: string } {
  const first = parseDay(date.join(' '), words);
  // Read from the first day on, so `24 dec --through 2 jan` crosses the new year and `--through fri` is the Friday after it.
  const last = through === undefined ? first : parseDay(through.join(' '), { ...words, now: first.start });
  const oneDay = last.start.getTime() === first.start.getTime();
  const days = oneDay ? dayWords(first.start, words) : `${dayWords(first.start, words)} to ${dayWords(last.start, words)}`;
  if (last.start < first.start) {
    throw new UsageError(`--through ${dayWords(last.start, words)} comes before ${dayWords(first.start, words)}.`, hints.backwards);
  }
  if (last.end <= words.now) throw new UsageError(`${days} is over.`, hints.over);
  if (last.end.getTime() - first.start.getTime() > MAX_SKIP_MS) {
    throw new UsageError(`${days} is more than 366 days.`, hints.tooLong);
  }
  return { from: first.start, to: last.end, days };
}

/** A holiday: `cowork routine skip <id> 24 dec --through 2 jan` cancels its sessions on those days and books none there. */
export async function routineSkip(id: string, date: string[], options: RoutineSkipOptions): Promise<void> {
  const { client, words } = connect(options);
  const { from, to, days } = dayRange(date, options.through, words(), SKIP_HINTS);
  if (!(await confirmOrRequireYes(`Skip routine ${id} on ${days}, cancelling its sessions then (matched ones too)?`, options.yes))) {
    throw new DeclinedError('Nothing skipped.');
  }
  const { routine, cancelled } = await client.skipRoutine(id, { from: from.toISOString(), to: to.toISOString() });
  const sessions = cancelled.length === 0 ? 'no session to cancel' : `${cancelled.length} session${cancelled.length === 1 ? '' : 's'} cancelled`;
  const line = `Skipped ${days} for ${routineLine(routine)}: ${sessions}.`;
  if (!options.json) return printLine(line);
  printJson({ routine, cancelled });
  say(line);
}

/**
 * Lifts a holiday: `cowork routine unskip <id> 24 dec --through 2 jan` books its occurrences there
 * again (those within the horizon at once), except a session you had cancelled yourself.
 */
export async function routineUnskip(id: string, date: string[], options: RoutineUnskipOptions): Promise<void> {
  const { client, words } = connect(options);
  const { from, to, days } = dayRange(date, options.through, words(), UNSKIP_HINTS);
  const { routine, lifted, booked } = await client.unskipRoutine(id, { from: from.toISOString(), to: to.toISOString() });
  const lines = [unskipLine(routine, days, lifted, booked), ...skippedLines(routine, words())];
  if (options.json) printJson({ routine, lifted, booked });
  for (const line of lines) (options.json ? say : printLine)(line);
}

function unskipLine(routine: Routine, days: string, lifted: string[], booked: string[]): string {
  if (lifted.length === 0) return `Nothing was skipped on ${days} for ${routineLine(routine)}.`;
  const sessions = `${booked.length} session${booked.length === 1 ? '' : 's'} booked`;
  // Neither booked nor listed as skipped for another reason: beyond the horizon, or the routine is paused.
  const later = lifted.length - booked.length - routine.skipped.filter((skip) => lifted.includes(skip.start)).length;
  const rest = later === 0 ? '' : routine.paused ? `, ${later} more when you resume it` : `, ${later} more as its horizon reaches ${later === 1 ? 'it' : 'them'}`;
  return `Lifted the skip on ${days} for ${routineLine(routine)}: ${sessions}${rest}.`;
}

function report(routine: Routine, options: GlobalOptions, verb: string, words: Parameters<typeof skippedLines>[1]): void {
  const lines = [`${verb} ${routineLine(routine)}  id ${routine.id}`, ...skippedLines(routine, words)];
  if (options.json) {
    printJson(routine);
    for (const line of lines) say(line);
    return;
  }
  for (const line of lines) printLine(line);
}
