import type { JoinLink, Session } from '../api-types.js';
import { ApiError } from '../client.js';
import { RefusedError } from '../errors.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { describeSession, viewFor } from '../render/session.js';
import { clockTime, relativeTime } from '../time/format.js';
import { localZone } from '../time/zone.js';
import { waitUntil, withCtrlC, type WaitDeps } from '../wait.js';
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
  openUrl?: (url: string) => Promise<void>;
}

const JOIN_EARLY_MS = 10 * 60_000;
const JOIN_RETRIES = 5;

async function openInBrowser(url: string): Promise<void> {
  const { default: open } = await import('open');
  await open(url);
}

/** Joins, retrying briefly when our clock is a little ahead of the server's at the window's edge. */
async function join(ctx: Context, session: Session, sleep: WaitDeps['sleep'], waited: boolean): Promise<JoinLink> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.client.join(session.id);
    } catch (error) {
      const early = error instanceof ApiError && error.status === 409 && new Date(session.start).getTime() - JOIN_EARLY_MS > ctx.now().getTime() - 5_000;
      if (!waited || !early || attempt >= JOIN_RETRIES) throw error;
      await sleep(2_000);
    }
  }
}

/** Shows the upcoming session and opens its call page; with --wait, first waits for the join window. */
export async function next(options: NextOptions, deps: NextDeps = {}): Promise<void> {
  const connected = connect(options);
  const ctx = deps.now ? { ...connected, now: deps.now } : connected;
  const session = await findSession(ctx.client, 'next');
  say(describeSession(session, viewFor(process.stderr, options, ctx.now())));
  const opensAt = new Date(new Date(session.start).getTime() - JOIN_EARLY_MS);
  const early = opensAt > ctx.now();
  if (early && !options.wait) {
    throw new RefusedError(
      `The join window opens at ${clockTime(opensAt, localZone())}, ${relativeTime(opensAt, ctx.now())}.`,
      'Run `cowork next --wait` to wait for it.',
    );
  }
  const waitAndJoin = async (sleep: WaitDeps['sleep']) => {
    if (early) {
      const live = Boolean(process.stderr.isTTY) && !options.json;
      await waitUntil(opensAt, 'Join window opens', { now: ctx.now, sleep, live, write: (text) => process.stderr.write(text) });
    }
    return join(ctx, session, sleep, early);
  };
  const link = deps.sleep ? await waitAndJoin(deps.sleep) : await withCtrlC(waitAndJoin);
  if (options.json) return printJson({ session, ...link });
  if (options.open === false) return printLine(link.url);
  say(`Opening the call page in your browser: ${link.url}`);
  await (deps.openUrl ?? openInBrowser)(link.url);
}
