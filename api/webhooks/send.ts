import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { abortReason, startDeadline } from '../jobs/deadline.js';
import { isInternalAddress, publicOnlyLookup } from './address-policy.js';

export interface SendResult {
  /** The receiver's status code, or null when no answer came. */
  status: number | null;
  /** Why no 2xx answer came, in one line. */
  error: string | null;
}

export interface SendOptions {
  /** The one deadline of the whole call: lookup, connect, sending, the answer's headers and body (COWORK_WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** COWORK_WEBHOOK_ALLOW_PRIVATE=1: private and loopback receivers allowed (tests, a home network). */
  allowPrivate: boolean;
}

const MAX_ANSWER_BYTES = 4096;

/**
 * One POST of a JSON body. Never throws: every failure is a result. Private addresses are refused by
 * the lookup and again on the socket's connected address (an IP literal skips the lookup). The call
 * ends by `options.timeoutMs` whatever the receiver does, or earlier when `within` fires (its step
 * was abandoned): an answer not complete by then counts as no answer, and the socket is destroyed.
 */
export function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions, within?: AbortSignal): Promise<SendResult> {
  return new Promise((resolve) => {
    const deadline = startDeadline(options.timeoutMs, [within]);
    const { signal } = deadline;
    let settled = false;
    let onAbort = () => {};
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      deadline.clear();
      resolve(result);
    };
    if (signal.aborted) return finish({ status: null, error: abortReason(signal) });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish({ status: null, error: 'not a valid URL' });
    }
    // A literal address never goes through the lookup: refuse it before connecting at all.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && isIP(literal) && isInternalAddress(literal)) {
      return finish({ status: null, error: `refused: ${literal} is a private, loopback or link-local address` });
    }
    const requestOptions: RequestOptions = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'cowork-webhooks', ...headers },
      agent: false,
      ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup as RequestOptions['lookup'] }),
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, requestOptions, (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_ANSWER_BYTES) response.destroy();
      });
      response.on('close', () => {
        const status = response.statusCode ?? null;
        const ok = status !== null && status >= 200 && status < 300;
        finish({ status, error: ok ? null : `answered ${status}` });
      });
    });
    request.on('socket', (socket: Socket) => {
      if (options.allowPrivate) return;
      socket.once('connect', () => {
        const address = socket.remoteAddress ?? '';
        if (isInternalAddress(address)) request.destroy(new Error(`refused: ${address} is a private, loopback or link-local address`));
      });
    });
    onAbort = () => {
      finish({ status: null, error: abortReason(signal) });
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => finish({ status: null, error: error.message.split('\n')[0]!.slice(0, 300) }));
    request.end(body);
  });
}
