import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import { contractOf } from './contract.js';

/**
 * A pass-through HTTP proxy in front of a real server that checks every answer against the
 * server's /openapi.json, for clients we cannot hook into (the CLI runs as its own process).
 * Answers are relayed unchanged; violations are kept, and `close()` rejects with them.
 */
export interface ContractProxy {
  url: string;
  close(): Promise<void>;
}

const headersOf = (raw: IncomingHttpHeaders) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  return headers;
};

/** The body as the server meant it: compressed answers (SPEC §13) are checked once inflated. */
const DECODERS: Record<string, (body: Buffer) => Buffer> = { gzip: gunzipSync, deflate: inflateSync };
const decoded = (body: Buffer, encoding: string | undefined) => (encoding && DECODERS[encoding] ? DECODERS[encoding](body) : body);

// Node's Response refuses a body on these statuses.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export async function startContractProxy(target: string): Promise<ContractProxy> {
  const violations: string[] = [];
  const checks: Promise<void>[] = [];
  const contract = contractOf(target, () => fetch(`${target}/openapi.json`));
  const upstream = new URL(target);

  const server = createServer((incoming, outgoing) => {
    const outbound = forward(
      // A connection per request: a pooled one the server is closing as idle (its keep-alive timeout)
      // is reset under a request reusing it, which the client would see as the server's fault.
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent: false },
      (answer) => {
        const status = answer.statusCode!;
        const check = (body: Buffer) => {
          const response = new Response(NULL_BODY_STATUSES.has(status) ? null : decoded(body, answer.headers['content-encoding']), { status, headers: headersOf(answer.headers) });
          checks.push(
            contract
              .then((checker) => checker.check(incoming.method!, incoming.url!, response))
              .catch((error: Error) => void violations.push(error.message)),
          );
        };
        const chunks: Buffer[] = [];
        // An event stream is relayed as it comes (it may never end), and checked once it closed.
        if (answer.headers['content-type']?.startsWith('text/event-stream')) {
          outgoing.writeHead(status, answer.rawHeaders);
          answer.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            outgoing.write(chunk);
          });
          answer.on('close', () => {
            outgoing.end();
            check(Buffer.concat(chunks));
          });
          outgoing.on('close', () => answer.destroy());
          return;
        }
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          outgoing.writeHead(status, answer.rawHeaders);
          outgoing.end(body);
          check(body);
        });
      },
    );
    outbound.on('error', () => outgoing.destroy());
    incoming.pipe(outbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(checks);
      if (violations.length) throw new Error(`answers that break /openapi.json:\n${violations.join('\n')}`);
    },
  };
}
