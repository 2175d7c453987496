import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A calendar server on 127.0.0.1 for the busy-calendar tests: each path serves what the test set
 * (an ICS text with its ETag, honouring If-None-Match), or misbehaves as told: drips a byte at a
 * time, never answers, or answers a status. Every request is recorded.
 */
export type Behaviour = { ics: string } | { drip: true } | { hang: true } | { status: number } | { bytes: number };

export interface IcsServer {
  url(path: string): string;
  set(path: string, behaviour: Behaviour): void;
  requests: { path: string; ifNoneMatch: string | null }[];
  close(): Promise<void>;
}

const etagOf = (text: string) => `"${createHash('sha256').update(text).digest('hex').slice(0, 16)}"`;

export async function startIcsServer(): Promise<IcsServer> {
  const behaviours = new Map<string, Behaviour>();
  const requests: IcsServer['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests.push({ path, ifNoneMatch: req.headers['if-none-match'] ?? null });
    const behaviour = behaviours.get(path) ?? { status: 404 };
    if ('ics' in behaviour) {
      const etag = etagOf(behaviour.ics);
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      return void res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag }).end(behaviour.ics);
    }
    if ('status' in behaviour) return void res.writeHead(behaviour.status).end();
    if ('bytes' in behaviour) {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      return void res.end(Buffer.alloc(behaviour.bytes, 'A'));
    }
    if ('drip' in behaviour) {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n');
      const timer = setInterval(() => res.write('X'), 50);
      timers.add(timer);
      res.on('close', () => (clearInterval(timer), timers.delete(timer)));
    }
    // hang: nothing at all, until the client gives up.
  };
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, behaviour) => void behaviours.set(path, behaviour),
    requests,
    close: () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
