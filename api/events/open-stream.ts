import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { DEFAULT_EVENT_SETTINGS } from '../config/config.js';
import type { AppDeps } from '../config/app-env.js';
import { conflict } from '../http/problems.js';
import { EventWatch, MAX_STREAMS_PER_PERSON } from './event-watch.js';
import { LiveStream, type LiveStreamOptions } from './live-stream.js';

const tooManyStreams = conflict(
  'too-many-streams', 'Too many event streams',
  `A person keeps at most ${MAX_STREAMS_PER_PERSON} event streams open at once (the call page's included); close one, then connect again.`,
);

/** The process's watch: the server's, or one made for an app built without it (tests of routes in one process). */
export function eventWatchOf(deps: AppDeps): EventWatch {
  return (deps.events ??= new EventWatch(deps.db));
}

/**
 * Answers a request with a live stream of `userId`'s events (SPEC §12), or refuses it (409) when
 * the person already holds MAX_STREAMS_PER_PERSON in this process. The stream counts against the
 * connection cap like any socket; its answer asks to close the connection when the stream ends,
 * so a stream ended by a revocation or a shutdown leaves no idle socket behind.
 */
export function openLiveStream(c: Context, options: Omit<LiveStreamOptions, 'db' | 'heartbeatMs'>): Response {
  // HEAD asks what a GET would answer: the headers, with no stream behind them to hold a place.
  if (c.req.method === 'HEAD') return c.body(null, 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const deps = c.get('deps') as AppDeps;
  const watch = eventWatchOf(deps);
  const live = new LiveStream({ ...options, db: deps.db, heartbeatMs: (deps.eventSettings ?? DEFAULT_EVENT_SETTINGS).heartbeatMs });
  if (!watch.join(live)) throw tooManyStreams;
  // The socket closing ends the stream whether or not anything read its body (under @hono/node-server).
  (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing?.once('close', () => live.end());
  const response = streamSSE(c, async (sse) => {
    try {
      await live.attach(sse);
    } finally {
      watch.leave(live);
    }
  });
  response.headers.set('connection', 'close');
  return response;
}
