import { spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** One POST the receiver got. */
export interface Received {
  type: string;
  id: string;
  data: Record<string, any>;
  body: string;
  signature: string;
  status: number;
  /** The request's path and query, which tests use to tell webhooks apart. */
  path: string;
}

export interface Receiver {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  port: number;
  received(): Received[];
  /** Resolves once `count` requests arrived (the test's own timeout bounds it). */
  waitFor(count: number): Promise<Received[]>;
  stop(): Promise<void>;
}

// A separate process, so that the server sends over a real socket to something it does not share memory with.
const SCRIPT = `
const http = require('node:http');
let failures = Number(process.env.FAIL_FIRST || 0);
const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const status = failures > 0 ? 500 : 200;
    if (failures > 0) failures--;
    process.stdout.write(JSON.stringify({ path: req.url, body, signature: req.headers['cowork-signature'] || '', status }) + '\\n');
    res.writeHead(status).end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('listening ' + server.address().port + '\\n'));
`;

/** A real HTTP receiver on 127.0.0.1 in its own process; it answers 500 to the first `failFirst` requests. */
export async function startReceiver(options: { failFirst?: number } = {}): Promise<Receiver> {
  const child = spawn(process.execPath, ['-e', SCRIPT], { env: { ...process.env, FAIL_FIRST: String(options.failFirst ?? 0) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('listening ')) resolve(Number(line.slice(10)));
        else {
          const { path, body, signature, status } = JSON.parse(line) as { path: string; body: string; signature: string; status: number };
          const event = JSON.parse(body) as { id: string; type: string; data: Record<string, any> };
          received.push({ ...event, path, body, signature, status });
          for (const wake of waiters.splice(0)) wake();
        }
      }
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received: () => [...received],
    waitFor: async (count) => {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return [...received];
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** What a receiver should do (README "Webhooks"): recompute the HMAC of "<t>.<body>" and compare in constant time. */
export function signatureIsValid(secret: string, body: string, header: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
