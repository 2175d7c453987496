import { routineBody, routineChange, skipBody } from '../../api/schemas/routines.js';
import { idParam } from '../../api/schemas/sessions.js';
import type { Routine } from '../api-types.js';
import { momentWords, type TimeWords } from '../time/words.js';
import { answer, guarded, type ToolKit } from './tool-kit.js';

/** "your routine mon, wed at 09:00 Europe/Berlin, 50 minutes (paused)" */
function routineWords(routine: Routine): string {
  return `your routine ${routine.days.join(', ')} at ${routine.time} ${routine.timezone}, ${routine.duration} minutes (${routine.id}${routine.paused ? ', paused' : ''})`;
}

const spanWords = (from: Date, to: Date, words: TimeWords) => `${momentWords(from, words)} to ${momentWords(to, words)}`;

/** Routines (SPEC §9): list, add, pause or resume, skip a holiday. */
export function registerRoutineTools({ server, ctx }: ToolKit): void {
  const { client, words } = ctx;

  server.registerTool('routine_list', {
    title: 'Your routines',
    description: 'Your weekly routines: the days, time and zone each books, whether it is paused, and the occurrences ahead it skipped.',
    annotations: { readOnlyHint: true },
  }, () => guarded(async () => {
    const { data } = await client.routines();
    const sentence = data.length === 0 ? 'You have no routines.' : `${data.length} routine${data.length === 1 ? '' : 's'}: ${data.map(routineWords).join('; ')}.`;
    return answer({ data }, sentence);
  }));

  server.registerTool('routine_add', {
    title: 'Add a routine',
    description: 'Repeat a booking every week: days (mon…sun), a quarter-hour time HH:MM in timezone (default yours), a duration of 25, 50 or 75 minutes. It books every occurrence up to horizonDays ahead at once, and keeps booking.',
    inputSchema: routineBody,
  }, (input) => guarded(async () => {
    const routine = await client.addRoutine({
      days: input.days, time: input.time, duration: input.duration, horizonDays: input.horizonDays,
      ...(input.timezone ? { timezone: input.timezone } : {}), ...(input.task ? { task: input.task } : {}),
      ...(input.activity ? { activity: input.activity } : {}), ...(input.quiet === undefined ? {} : { quiet: input.quiet }),
    });
    return answer(routine, `Added ${routineWords(routine)}.`);
  }));

  server.registerTool('routine_pause', {
    title: 'Pause or resume a routine',
    description: 'paused true (the default) stops a routine booking; false resumes it and books up to its horizon at once. Sessions already booked stay.',
    inputSchema: idParam.extend({ paused: routineChange.shape.paused.default(true) }),
  }, ({ id, paused }) => guarded(async () => {
    const routine = await client.changeRoutine(id, { paused });
    return answer(routine, `${paused ? 'Paused' : 'Resumed'} ${routineWords(routine)}.`);
  }));

  server.registerTool('routine_skip', {
    title: 'Skip a holiday',
    description: "Hold a routine off in [from, to) (RFC 3339 times): its sessions there are cancelled and none is booked there.",
    inputSchema: idParam.extend(skipBody.shape),
    annotations: { destructiveHint: true },
  }, ({ id, from, to }) => guarded(async () => {
    const result = await client.skipRoutine(id, { from: from.toISOString(), to: to.toISOString() });
    const cancelled = result.cancelled.length;
    return answer(result, `Skipped ${spanWords(from, to, words())} for ${routineWords(result.routine)}; ${cancelled} session${cancelled === 1 ? '' : 's'} cancelled.`);
  }));
}
