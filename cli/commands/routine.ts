import type { Routine } from '../api-types.js';
import { DeclinedError, UsageError } from '../errors.js';
import { confirmOrRequireYes } from '../interaction.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { routineLine, skippedLines } from '../render/routine.js';
import { parseClockTime, parseDays } from '../routine-spec.js';
import { parseDuration } from '../time/duration.js';
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
  await client.removeRoutine(id, Boolean(options.all));
  if (options.json) return printJson({ id, deleted: true, cancelled: options.all ? 'all' : 'waiting' });
  say(options.all ? 'Deleted; its sessions ahead are cancelled.' : 'Deleted; its matched sessions ahead are kept (rm --all cancels them too).');
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
