import { STATUS_CODES, type Server, type ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EdgeLimits } from '../config/config.js';
import { Problem } from './problems.js';

/**
 * What Node's HTTP server does before a request reaches Hono: how many sockets it holds, how long
 * a client may take to send a request, and how it answers bytes that are not HTTP at all.
 */

// Node checks the header and request deadlines on this tick (30 s by default, which would let a
// slow client hold a socket for 30 s past its deadline).
const DEADLINE_CHECK_MS = 1_000;
const DROP_LOG_INTERVAL_MS = 60_000;

export function serverOptions(limits: EdgeLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: DEADLINE_CHECK_MS,
  };
}

const badRequest = (detail: string) => new Problem(400, 'bad-request', 'Bad request', detail);

/** Node's parser errors (llhttp codes) as the problem a client can act on. */
export function problemForClientError(code: string | undefined): Problem {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new Problem(431, 'headers-too-large', 'Request headers too large', 'The request line and headers together are limited to 16 KiB; send fewer or shorter headers.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new Problem(413, 'body-too-large', 'Body too large', 'Chunk extensions are too long; send the body without them.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new Problem(408, 'request-timeout', 'Request timeout', 'The request was not sent completely in time; send it again without pausing.');
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return badRequest('The Content-Length header is not valid: send one decimal byte count, and not together with Transfer-Encoding.');
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
      return badRequest('The chunked body is not valid HTTP/1.1 chunked encoding.');
    case 'HPE_INVALID_METHOD':
    case 'HPE_INVALID_URL':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_CONSTANT':
      return badRequest('The request line is malformed; send "METHOD /path HTTP/1.1".');
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_LF_EXPECTED':
    case 'HPE_CR_EXPECTED':
      return badRequest('A request header is malformed; send "Name: value" lines ending in CRLF.');
    default:
      return badRequest('The request is not valid HTTP/1.1.');
  }
}

function rawProblemResponse(problem: Problem): string {
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Answers what Node's parser refused with a problem document where Node's default handler would
 * send a bare status line: only if no response has started on this socket. Either way the socket
 * closes, since the parser cannot find the next request in it.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    socket.end(rawProblemResponse(problemForClientError(error.code)));
  } else {
    socket.destroy();
  }
}

/** Applies the connection cap and the parser-error answers to a listening server. */
export function applyEdgeLimits(server: Server, limits: EdgeLimits): void {
  server.maxConnections = limits.maxConnections;
  server.on('clientError', answerClientError);
  // One line a minute at most: a flood of refused sockets must not flood the log as well.
  let loggedAt = -Infinity;
  let dropped = 0;
  server.on('drop', () => {
    dropped += 1;
    if (performance.now() - loggedAt < DROP_LOG_INTERVAL_MS) return;
    console.error(`cowork: ${limits.maxConnections} connections are open, the most COWORK_MAX_CONNECTIONS allows; refused ${dropped} new one(s) since the last notice`);
    loggedAt = performance.now();
    dropped = 0;
  });
}
