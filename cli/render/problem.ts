import type { Problem } from '../api-types.js';
import { momentWithDistance, momentWords, spanWords, type TimeWords } from '../time/words.js';

/**
 * The API's refusals in the CLI's voice. A problem document names every time it mentions in a
 * field (SPEC §11); a refusal here says each of them once, in the person's zone and in words, and
 * never echoes the ISO strings of `detail`. A new rule gets a line in WORDING keyed by its slug;
 * a slug without one is still said safely by `fallback`.
 */
export interface Refusal {
  message: string;
  hint?: string | undefined;
}

/** The body of the refused request, where a hint repeats what was asked (`cowork book 25m now`). */
export type Asked = { duration?: unknown } | undefined;

type Wording = (problem: Problem, words: TimeWords, asked: Asked) => Refusal;

const at = (iso: string | undefined, words: TimeWords) => (iso ? momentWithDistance(new Date(iso), words) : 'a time already past');

const WORDING: Record<string, Wording> = {
  'start-in-past': (p, w, asked) => {
    const now = `\`cowork book ${typeof asked?.duration === 'number' ? `${asked.duration}m` : '<duration>'} now\``;
    return {
      message: p.startedAt ? `${momentWords(new Date(p.startedAt), w)} has already begun.` : 'That start has already begun.',
      hint: p.earliestStart ? `The earliest start you can book is ${at(p.earliestStart, w)}, or ${now}.` : `Book a start ahead, or ${now}.`,
    };
  },
  'start-too-far': (p, w) => ({
    message: 'Sessions can be booked at most 13 weeks ahead.',
    hint: p.latestStart ? `The latest start you can book now is ${momentWords(new Date(p.latestStart), w)}.` : undefined,
  }),
  'session-started': (p, w) => ({
    message: `This session started ${p.startedAt ? at(p.startedAt, w) : 'already'}; it can no longer be cancelled or declined.`,
    hint: 'Join it with `cowork next`, or stay away (a missed match counts as a no-show); a partner who does not come is replaced on the call page from 5 minutes after the start.',
  }),
  'join-window-not-open': (p, w) => ({
    message: p.opensAt ? `The join window opens ${at(p.opensAt, w)}.` : 'The join window is not open yet.',
    hint: 'Run `cowork next --wait` to wait for it.',
  }),
  'session-over': () => ({ message: 'This session is over.', hint: 'Book another with `cowork book 50m now`.' }),
  'session-overlap': (p, w) => {
    const clash = p.conflictingSession;
    if (!clash) return { message: 'This overlaps a session you hold.', hint: 'See `cowork list`.' };
    return {
      message: `This overlaps your session ${spanWords(new Date(clash.start), new Date(clash.end), w)} (id ${clash.id}).`,
      hint: `Pick another time, or cancel that one with \`cowork cancel ${clash.id}\`.`,
    };
  },
  busy: (p, w) => {
    const event = p.busyInterval;
    if (!event) return { message: 'Your busy calendar has an event then.', hint: 'Pick another time, or book anyway with --anyway.' };
    return {
      message: `Your busy calendar has "${event.title}" ${spanWords(new Date(event.start), new Date(event.end), w)}.`,
      hint: 'Pick another time, or book anyway with --anyway.',
    };
  },
  'partner-unavailable': () => ({
    message: 'That person can no longer be booked with: the account is gone or suspended, or one of you blocked the other.',
    hint: 'Book without --with to be paired with someone else.',
  }),
  'low-score-limit': (p, w) => ({
    message: `Your attendance score is ${p.score === undefined ? 'under 80 %' : `${Math.round(p.score * 100)} %`}, so you can hold at most ${p.maxUpcoming ?? 3} upcoming sessions.`,
    hint: `Attend the sessions you hold (each raises the score; see \`cowork stats\`), or cancel one more than an hour ahead${p.retryAt ? `; one ends ${at(p.retryAt, w)}` : ''}.`,
  }),
  'report-window': (p, w) => ({
    message: p.opensAt && new Date(p.opensAt) > w.now
      ? `This session can be reported once it starts, ${at(p.opensAt, w)}.`
      : `Reports about this session closed ${at(p.closesAt, w)} (48 hours after its end).`,
  }),
  'account-suspended': (p) => ({ message: p.reason ? `This account is suspended: ${p.reason}` : 'This account is suspended.', hint: 'Ask the server\'s admins about it.' }),
  'invite-required': () => ({ message: 'This server signs people up with an invite code.', hint: 'Ask its admins for one, then `cowork signup --invite <code>`.' }),
  'invite-not-valid': (p) => ({ message: p.detail ?? 'This invite code cannot be used; ask the server\'s admins for a new one.' }),
  'partner-blocked': (p) => ({ message: p.detail ?? 'You blocked this person.', hint: 'Unblock them first with `cowork unblock <name>`.' }),
  'admins-only': () => ({ message: 'Only the server\'s admins can do this.', hint: 'The server\'s operator grants admins on its database with `cowork admin grant <email> --db <path|url>`.' }),
  'wrong-password': () => ({ message: 'The password is not right; nothing changed.' }),
  'skip-too-far': (p, w) => ({
    message: 'A skip reaches at most 400 days ahead.',
    hint: p.latestEnd ? `Skip days until ${momentWords(new Date(p.latestEnd), w)}, and the rest later.` : 'Skip the nearer days now, and the rest later.',
  }),
  'routine-limit': () => ({ message: 'You keep 20 routines, the most allowed.', hint: 'Delete one with `cowork routine rm <id>` (ids in `cowork routine list`).' }),
  'too-many-pings': (p, w) => ({
    message: 'You have sent 10 webhook pings in the last minute, the most allowed.',
    hint: p.retryAt ? `Ping again ${at(p.retryAt, w)}; \`cowork webhook deliveries <id>\` shows how the earlier ones went.` : 'Wait a minute, then ping again.',
  }),
  'too-many-login-attempts': (p, w) => ({
    message: 'Too many wrong passwords for this email.',
    hint: p.retryAt ? `Try again ${at(p.retryAt, w)}.` : 'Wait a few minutes, then try again.',
  }),
};

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** What a field's validation message says, with the field named as a person knows it. */
function fieldErrors(problem: Problem): string | undefined {
  const errors = problem.errors ?? [];
  if (errors.length === 0) return undefined;
  return errors.map((e) => `The ${e.message.startsWith(`${e.path} `) ? e.message : `${e.path} ${e.message}`}`).join('; ');
}

/** Any other problem: its field errors or detail, with every ISO time said in words instead. */
function fallback(problem: Problem, words: TimeWords): Refusal {
  const text = fieldErrors(problem) ?? problem.detail ?? problem.title ?? `The server answered ${problem.status ?? 'an error'}.`;
  const said = text.replace(ISO_TIME, (iso) => momentWords(new Date(iso), words));
  return { message: /[.!?]$/.test(said) ? said : `${said}.` };
}

/** The slug of `urn:cowork:problem:<slug>` (or of a URL ending in it). */
export const slugOf = (problem: Problem) => problem.type?.split(/[:/]/).at(-1) ?? '';

export function refusalFor(problem: Problem, words: TimeWords, asked?: Asked): Refusal {
  const wording = WORDING[slugOf(problem)];
  return wording ? wording(problem, words, asked) : fallback(problem, words);
}
