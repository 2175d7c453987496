import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { isInternalAddress, publicOnlyLookup } from './address-policy.js';

export interface SendResult {
  /** The receiver's status code, or null when no answer came. */
  status: number | null;
  /** Why no 2xx answer came, in one line. */
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  /** COWORK_WEBHOOK_ALLOW_PRIVATE=1: private and loopback receivers allowed (tests, a home network). */
  allowPrivate: boolean;
}

const MAX_ANSWER_BYTES = 4096;

/**
 * One POST of a JSON body. Never throws: every failure is a result. Private addresses are refused by
 * the lookup and again on the socket's connected address (an IP literal skips the lookup).
 */
export function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
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
      timeout: options.timeoutMs,
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
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => finish({ status: null, error: error.message.split('\n')[0]!.slice(0, 300) }));
    request.end(body);
  });
}
