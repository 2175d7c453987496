import { ApiError } from '../client.js';
import { RefusedError } from '../errors.js';
import { followLiveEvents } from '../live-events.js';
import { printLine, say, type GlobalOptions } from '../output.js';
import { eventLine, type LiveEvent } from '../render/event.js';
import { connect } from './context.js';

/**
 * `cowork watch [--json]`: prints each of the person's events as it happens, one line in words or
 * one JSON document (the webhook's body) per line, reconnecting by itself with Last-Event-ID, until
 * Ctrl-C, which is how it is meant to end (exit 0). Messages about the connection go to stderr.
 */
export async function watch(options: GlobalOptions): Promise<void> {
  const ctx = connect(options);
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.on('SIGINT', onSigint);
  let everOpen = false;
  try {
    await followLiveEvents(ctx.client, stop.signal, {
      message: ({ type, data }) => {
        if (type === 'reset') {
          if (options.json) return printLine(JSON.stringify({ type: 'reset' }));
          return printLine('Some events were missed while away (over 24 hours); `cowork list` shows where things stand.');
        }
        const event = JSON.parse(data) as LiveEvent;
        printLine(options.json ? JSON.stringify(event) : eventLine(event, ctx.words()));
      },
      state: (open, retryInMs) => {
        if (open) {
          say(everOpen ? 'Connected again; nothing was missed.' : `Watching your events on ${ctx.settings.server} · Ctrl-C to stop`);
          everOpen = true;
        } else {
          const again = `trying again in ${Math.round((retryInMs ?? 0) / 1000)} s`;
          say(everOpen ? `Lost the connection to ${ctx.settings.server}; ${again}.` : `Cannot reach ${ctx.settings.server}; ${again} (Ctrl-C to stop).`);
        }
      },
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new RefusedError(`The server at ${ctx.settings.server} does not stream events (it is older than this CLI).`, 'Use `cowork list` now and then, or a webhook (`cowork webhook add`).');
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
