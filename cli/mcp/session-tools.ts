import { bookingBody, listQuery, taskBody } from '../../api/routes/session-inputs.js';
import { slotsQuery } from '../../api/schemas/matching.js';
import { idParam } from '../../api/schemas/sessions.js';
import type { JoinLink, Session } from '../api-types.js';
import { ApiError } from '../client.js';
import { slugOf } from '../render/problem.js';
import { momentWords, type TimeWords } from '../time/words.js';
import { answer, guarded, type ToolKit } from './tool-kit.js';

/** "your 50-minute session on Tue 8 Jan, 09:00, matched with Ada" */
export function sessionWords(session: Session, words: TimeWords): string {
  const state = session.status === 'matched' ? `matched with ${session.partner?.name ?? 'someone'}`
    : session.status === 'waiting' ? 'waiting for a partner' : 'cancelled';
  return `your ${session.duration}-minute session on ${momentWords(new Date(session.start), words)} (${session.id}), ${state}`;
}

const DAY_MS = 24 * 60 * 60_000;
const iso = (date: Date | undefined) => date?.toISOString();
const defined = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));

/** Book, list, next (with its join link), cancel, set the task, decline, open slots: the API's session routes. */
export function registerSessionTools({ server, ctx }: ToolKit): void {
  const { client, words } = ctx;

  server.registerTool('book', {
    title: 'Book a focus session',
    description: 'Book a 25, 50 or 75-minute focus session starting on a quarter hour (RFC 3339 time, e.g. 2030-01-08T09:00:00Z). You are paired at once if someone compatible waits at that start, else when someone books it.',
    inputSchema: bookingBody,
  }, (input) => guarded(async () => {
    const session = await client.book({
      start: input.start.toISOString(), duration: input.duration, ...(input.task ? { task: input.task } : {}),
      ...(input.activity ? { activity: input.activity } : {}), ...(input.quiet === undefined ? {} : { quiet: input.quiet }),
      ...(input.partnerId ? { partnerId: input.partnerId } : {}),
    });
    return answer(session, `Booked ${sessionWords(session, words())}.`);
  }));

  server.registerTool('list', {
    title: 'List your sessions',
    description: 'Your sessions ordered by start, upcoming ones by default (status waiting,matched from now); one page of at most `limit`, with nextCursor for the next.',
    inputSchema: listQuery,
    annotations: { readOnlyHint: true },
  }, (input) => guarded(async () => {
    const page = await client.listPage(defined({
      from: iso(input.from), to: iso(input.to), status: input.status.join(','), limit: String(input.limit), cursor: input.cursor,
    }));
    const first = page.data[0];
    const sentence = page.data.length === 0 ? 'You have no sessions there.'
      : `${page.data.length} session${page.data.length === 1 ? '' : 's'}; the first is ${sessionWords(first!, words())}.`;
    return answer(page, sentence);
  }));

  server.registerTool('next', {
    title: 'Your next session and its join link',
    description: 'The earliest session of yours whose end is ahead, with the link to its call page once the join window is open (10 minutes before the start); joinLink is null before then.',
    annotations: { readOnlyHint: false },
  }, () => guarded(async () => {
    let session: Session;
    try {
      session = await client.next();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return answer({ session: null, joinLink: null }, 'You have no upcoming session.');
      throw error;
    }
    let joinLink: JoinLink | null = null;
    try {
      joinLink = await client.join(session.id);
    } catch (error) {
      if (!(error instanceof ApiError && slugOf(error.problem) === 'join-window-not-open')) throw error;
    }
    const opens = new Date(Date.parse(session.start) - 10 * 60_000);
    const link = joinLink ? ` Join it at ${joinLink.url}` : ` Its join link opens at ${momentWords(opens, words())}.`;
    return answer({ session, joinLink }, `Next is ${sessionWords(session, words())}.${link}`);
  }));

  server.registerTool('cancel', {
    title: 'Cancel a session',
    description: 'Cancel one of your sessions before it starts; a matched partner is re-paired if possible.',
    inputSchema: idParam,
    annotations: { destructiveHint: true },
  }, ({ id }) => guarded(async () => {
    const session = await client.cancel(id);
    return answer(session, `Cancelled ${sessionWords(session, words())}.`);
  }));

  server.registerTool('set_task', {
    title: 'Set what you will work on',
    description: 'Set the task of one of your sessions (your partner sees it); null or "" clears it.',
    inputSchema: idParam.extend(taskBody.shape),
  }, ({ id, task }) => guarded(async () => {
    const session = await client.setTask(id, task);
    return answer(session, session.task ? `The task of ${sessionWords(session, words())} is now "${session.task}".` : `Cleared the task of ${sessionWords(session, words())}.`);
  }));

  server.registerTool('decline', {
    title: 'Decline a match',
    description: 'Leave the match of one of your sessions without penalty, until its join window opens; you are re-paired with someone else where possible (at most 3 declines in 24 hours).',
    inputSchema: idParam,
  }, ({ id }) => guarded(async () => {
    const session = await client.decline(id);
    return answer(session, `Declined the match; now ${sessionWords(session, words())}.`);
  }));

  server.registerTool('slots', {
    title: 'Open slots',
    description: 'Starts where someone you would be paired with waits, from `from` (default now) to `to` (default a day later, at most 7 days); duration "25", "50" or "75" narrows them.',
    inputSchema: slotsQuery,
    annotations: { readOnlyHint: true },
  }, (input) => guarded(async () => {
    const from = input.from ?? words().now;
    const to = input.to ?? new Date(from.getTime() + DAY_MS);
    const { data } = await client.slots({
      from: from.toISOString(), to: to.toISOString(),
      ...(input.duration === undefined ? {} : { duration: input.duration }), ...(input.activity ? { activity: input.activity } : {}),
      ...(input.quiet === undefined ? {} : { quiet: input.quiet }), ...(input.instead ? { instead: input.instead } : {}),
    });
    const first = data[0];
    const sentence = first
      ? `${data.length} open start${data.length === 1 ? '' : 's'}; the first at ${momentWords(new Date(first.start), words())} (${first.duration} minutes).`
      : `Nobody you would be paired with waits between ${momentWords(from, words())} and ${momentWords(to, words())}.`;
    return answer({ data }, sentence);
  }));
}
