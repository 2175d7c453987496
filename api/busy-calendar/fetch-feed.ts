import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { abortReason, startDeadline } from '../jobs/deadline.js';
import { isInternalAddress, publicOnlyLookup } from '../webhooks/address-policy.js';

/** The largest calendar read; a bigger answer is cut off and counts as a failure. */
export const MAX_FEED_BYTES = 2 * 1024 * 1024;

export interface FeedPolicy {
  /** The one deadline of the whole fetch: lookup, connect, headers and body (≤ 10 s). */
  timeoutMs: number;
  /** COWORK_WEBHOOK_ALLOW_PRIVATE=1: private and loopback hosts, and plain http, allowed (tests, a home network). */
  allowPrivate: boolean;
}

export type FeedAnswer =
  | { kind: 'fetched'; body: string; etag: string | null }
  | { kind: 'not-modified' }
  | { kind: 'failed'; error: string };

/**
 * One GET of a busy calendar under the webhook address policy (webhooks/address-policy.ts):
 * public addresses only, checked by the lookup and again on the connected socket, unless private
 * ones are allowed. With `etag`, asks If-None-Match. Never throws; ends by `policy.timeoutMs`
 * whatever the server does (a server that drips is cut off), or when `within` fires.
 * Redirects are not followed: the answer names where it pointed.
 */
export function fetchFeed(url: string, etag: string | null, policy: FeedPolicy, within?: AbortSignal): Promise<FeedAnswer> {
  return new Promise((resolve) => {
    const deadline = startDeadline(policy.timeoutMs, [within]);
    const { signal } = deadline;
    let settled = false;
    let onAbort = () => {};
    const finish = (answer: FeedAnswer) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      deadline.clear();
      resolve(answer);
    };
    const fail = (error: string) => finish({ kind: 'failed', error });
    if (signal.aborted) return fail(abortReason(signal));
    const target = new URL(url);
    if (target.protocol !== 'https:' && !policy.allowPrivate) return fail('refused: busy calendars are fetched over https only');
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (!policy.allowPrivate && isIP(literal) && isInternalAddress(literal)) return fail(`refused: ${literal} is a private, loopback or link-local address`);
    const options: RequestOptions = {
      method: 'GET',
      headers: { accept: 'text/calendar', 'user-agent': 'cowork-busy-calendar', ...(etag ? { 'if-none-match': etag } : {}) },
      agent: false,
      ...(policy.allowPrivate ? {} : { lookup: publicOnlyLookup as RequestOptions['lookup'] }),
    };
    const get = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = get(target, options, (response) => {
      const status = response.statusCode ?? 0;
      if (status === 304) {
        response.resume();
        return finish({ kind: 'not-modified' });
      }
      if (status < 200 || status >= 300) {
        response.resume();
        const location = response.headers.location ? ` (redirects are not followed; it pointed to ${response.headers.location.slice(0, 200)})` : '';
        return fail(`answered ${status}${location}`);
      }
      if (Number(response.headers['content-length'] ?? 0) > MAX_FEED_BYTES) {
        response.destroy();
        return fail(`larger than ${MAX_FEED_BYTES / 1024 / 1024} MB`);
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_FEED_BYTES) {
          response.destroy();
          return fail(`larger than ${MAX_FEED_BYTES / 1024 / 1024} MB`);
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        const tag = response.headers.etag;
        finish({ kind: 'fetched', body: Buffer.concat(chunks).toString('utf8'), etag: typeof tag === 'string' && tag.length <= 200 ? tag : null });
      });
      response.on('error', (error) => fail(error.message.split('\n')[0]!.slice(0, 300)));
    });
    request.on('socket', (socket: Socket) => {
      if (policy.allowPrivate) return;
      socket.once('connect', () => {
        const address = socket.remoteAddress ?? '';
        if (isInternalAddress(address)) request.destroy(new Error(`refused: ${address} is a private, loopback or link-local address`));
      });
    });
    onAbort = () => {
      fail(abortReason(signal));
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => fail(error.message.split('\n')[0]!.slice(0, 300)));
    request.end();
  });
}
