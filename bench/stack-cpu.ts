// `node --import tsx bench/stack-cpu.ts [rounds]`: CPU per request of the API in this process,
// through @hono/node-server's request listener but with in-memory stand-ins for the socket's
// request and response, on a seeded database. Without TCP and without a load generator competing
// for the two cores, its figures move far less than HTTP runs on a busy machine (compare each case
// with the hello-world lines of the same round), so it shows changes to the HTTP layer (routing,
// credential, validation, the answer) that bench/profile-server.ts cannot tell from noise. Not part
// of the bench's report.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../api/app.js';
import { Database } from '../api/storage/engine/database.js';
import { bookingBody, HOUR, hourlySlots } from './rush.js';
import { seedDatabase } from './seeding.js';

/** What the listener reads of a request: method, URL, headers and, for a POST, the body once. */
class RequestStandIn extends EventEmitter {
  readonly socket = { encrypted: false };
  readonly headers: Record<string, string>;
  readonly rawHeaders: string[];
  readableEnded = false;
  #body: Buffer | null;

  constructor(readonly method: string, readonly url: string, headers: Record<string, string>, body?: string) {
    super();
    this.#body = body === undefined ? null : Buffer.from(body);
    this.headers = { host: '127.0.0.1:8787', ...headers, ...(this.#body ? { 'content-length': String(this.#body.length) } : {}) };
    this.rawHeaders = Object.entries(this.headers).flat();
  }

  override on(event: string, listener: (...args: unknown[]) => void): this {
    super.on(event, listener);
    if (event === 'end') queueMicrotask(() => this.#deliver());
    return this;
  }

  #deliver(): void {
    if (this.readableEnded) return;
    if (this.#body) this.emit('data', this.#body);
    this.readableEnded = true;
    this.emit('end');
  }
}

/** What the listener writes an answer to; `finished` resolves with the status. */
class ResponseStandIn extends EventEmitter {
  status = 0;
  readonly writable = true;
  headersSent = false;
  writableFinished = false;
  #done!: (status: number) => void;
  readonly finished = new Promise<number>((resolve) => (this.#done = resolve));

  writeHead(status: number): this {
    this.status = status;
    this.headersSent = true;
    return this;
  }

  hasHeader(): boolean {
    return false;
  }

  write(): boolean {
    return true;
  }

  end(): void {
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
    this.#done(this.status);
  }
}

type Listener = (request: RequestStandIn, response: ResponseStandIn) => unknown;

async function measure(label: string, listener: Listener, count: number, request: (index: number) => RequestStandIn, inFlight = 1) {
  const statuses: Record<number, number> = {};
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) {
      const response = new ResponseStandIn();
      void listener(request(next++), response);
      const status = await response.finished;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }));
  const cpu = process.cpuUsage(before);
  console.log(`${label.padEnd(26)} ${((cpu.user + cpu.system) / count).toFixed(1).padStart(6)} µs CPU each ${JSON.stringify(statuses)}`);
}

const rounds = Number(process.argv[2] ?? 3);
const PEOPLE = 2_000;
const now = new Date();
const slots = hourlySlots(new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR), rounds);
const workDir = mkdtempSync(join(tmpdir(), 'cowork-stack-cpu-'));
try {
  const seeded = await seedDatabase(join(workDir, 'db'), { people: PEOPLE, rushPeople: PEOPLE, storedSessions: 1_000, keepFreeUntil: new Date(slots.at(-1)!.getTime() + 3 * HOUR) }, now);
  const db = await Database.open({ url: pathToFileURL(seeded.file).href });
  const api = getRequestListener(createApp({ db, clock: { now: () => new Date() }, publicUrl: 'http://127.0.0.1:8787' }).fetch) as unknown as Listener;
  const hello = getRequestListener(new Hono()
    .get('/', (c) => c.json({ hello: 'world' }))
    .post('/', async (c) => c.json({ received: await c.req.json() }, 201)).fetch) as unknown as Listener;
  const bearer = (index: number) => ({ authorization: `Bearer ${seeded.tokens[index % PEOPLE]}` });
  const asJson = { 'content-type': 'application/json' };
  const past = JSON.stringify({ start: '2020-01-06T09:00:00Z', duration: 50 });
  for (const slot of slots) {
    await measure('hello GET', hello, 20_000, () => new RequestStandIn('GET', '/', {}));
    await measure('hello POST', hello, 20_000, () => new RequestStandIn('POST', '/', asJson, bookingBody(slot)));
    await measure('GET /v1/sessions/next', api, 20_000, (i) => new RequestStandIn('GET', '/v1/sessions/next', bearer(i)));
    // Refused by the rules after every check of the stack: the credential, the JSON, the schema.
    await measure('booking in the past (422)', api, 10_000, (i) => new RequestStandIn('POST', '/v1/sessions', { ...bearer(i), ...asJson }, past));
    await measure('booking, 50 in flight', api, PEOPLE, (i) => new RequestStandIn('POST', '/v1/sessions', { ...bearer(i), ...asJson }, bookingBody(slot)), 50);
  }
  db.close();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
