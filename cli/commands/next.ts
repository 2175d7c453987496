import type { JoinLink, Session } from '../api-types.js';
import { ApiError } from '../client.js';
import { RefusedError, UnreachableError } from '../errors.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { slugOf } from '../render/problem.js';
import { describeSession, viewFor } from '../render/session.js';
import { momentWithDistance, momentWords, spanWords } from '../time/words.js';
import { followSession } from '../session-follower.js';
import { waitUntil, withCtrlC, type WaitDeps } from '../wait.js';
import { openInBrowser } from '../browser.js';
import { connect, findSession, type Context } from './context.js';

export interface NextOptions extends GlobalOptions {
  /** false with --no-open: print the URL instead of opening a browser. */
  open?: boolean | undefined;
  wait?: boolean | undefined;
}

/** Seams for tests: how to wait and how to open a URL. */
export interface NextDeps {
  now?: () => Date;
  sleep?: WaitDeps['sleep'];
  openUrl?: (url: string) => Promise<boolean>;
}

const JOIN_EARLY_MS = 10 * 60_000;
const JOIN_RETRIES = 5;
/** How often --wait re-reads the session without the live stream (an older server): often enough to notice a cancel or a new partner soon, cheap for the server. */
export const POLL_SECONDS = 15;
/** With the live stream open, a change arrives through it at once; re-reading only backs it up. */
const FOLLOWING_POLL_MS = 5 * 60_000;

function pollMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.COWORK_POLL_SECONDS);
  return (Number.isFinite(seconds) && seconds >= 1 ? seconds : POLL_SECONDS) * 1000;
}

/** Joins, retrying briefly only while the server's clock says the window is not open yet. */
async function join(ctx: Context, session: Session, sleep: WaitDeps['sleep'], waited: boolean): Promise<JoinLink> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.client.join(session.id);
    } catch (error) {
      const early = error instanceof ApiError && slugOf(error.problem) === 'join-window-not-open';
      if (!waited || !early || attempt >= JOIN_RETRIES) throw error;
      await sleep(2_000);
    }
  }
}

/** What changed in a re-read session that the person waiting should hear at once. */
function watchSession(ctx: Context, first: Session) {
  let known = first;
  let unreachable = false;
  return async (tell: (line: string) => void) => {
    let fresh: Session;
    try {
      fresh = await ctx.client.session(known.id);
    } catch (error) {
      // A server away for a moment does not end the wait; the countdown goes on and says so once.
      if (!(error instanceof UnreachableError)) throw error;
      if (!unreachable) tell(`Cannot reach ${ctx.settings.server} to re-read the session; still counting down.`);
      unreachable = true;
      return;
    }
    unreachable = false;
    const when = spanWords(new Date(fresh.start), new Date(fresh.end), ctx.words());
    if (fresh.status === 'cancelled') throw new RefusedError(`Your session ${when} was cancelled while you waited.`, 'See `cowork list`, or book another with `cowork book 50m now`.');
    if (fresh.partner?.id !== known.partner?.id) {
      if (fresh.partner) tell(`Now paired with ${fresh.partner.name}${fresh.partnerTask ? ` (${fresh.partnerTask})` : ''}.`);
      else tell(`${known.partner?.name ?? 'Your partner'} cancelled; waiting for someone else in this slot.`);
    } else if (fresh.partnerTask !== known.partnerTask && fresh.partner) {
      tell(`${fresh.partner.name}'s task: ${fresh.partnerTask ?? '(none)'}`);
    }
    known = fresh;
  };
}

/** Shows the upcoming session and opens its call page; with --wait, first waits for the join window. */
export async function next(options: NextOptions, deps: NextDeps = {}): Promise<void> {
  const ctx = deps.now ? connect(options, deps.now) : connect(options);
  const session = await findSession(ctx.client, 'next');
  say(describeSession(session, viewFor(process.stderr, options, ctx.now())));
  const opensAt = new Date(new Date(session.start).getTime() - JOIN_EARLY_MS);
  const early = opensAt > ctx.now();
  if (early && !options.wait) {
    throw new RefusedError(`The join window opens ${momentWithDistance(opensAt, ctx.words())}.`, 'Run `cowork next --wait` to wait for it.');
  }
  const waitAndJoin = async (sleep: WaitDeps['sleep']) => {
    if (early) {
      const live = Boolean(process.stderr.isTTY) && !options.json;
      const waitDeps = { now: ctx.now, sleep, live, write: (text: string) => process.stderr.write(text) };
      const follower = followSession(ctx.client, session.id);
      const watch = {
        get everyMs() {
          return follower.open ? FOLLOWING_POLL_MS : pollMs();
        },
        check: watchSession(ctx, session),
        due: () => follower.changed(),
      };
      try {
        await waitUntil(opensAt, 'Join window opens', waitDeps, watch, `(${momentWords(opensAt, ctx.words())})`);
      } finally {
        follower.stop();
      }
    }
    return join(ctx, session, sleep, early);
  };
  const link = deps.sleep ? await waitAndJoin(deps.sleep) : await withCtrlC(waitAndJoin);
  if (options.json) return printJson({ session, ...link });
  if (options.open === false) return printLine(link.url);
  if (await (deps.openUrl ?? openInBrowser)(link.url)) {
    say(`Opened the call page in your browser: ${link.url}`);
  } else {
    say('No browser could be opened here; open this link yourself:');
    printLine(link.url);
  }
}
