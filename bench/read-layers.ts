// `node --import tsx bench/read-layers.ts [--batched] <layer>...`: the CPU a `GET /v1/sessions/next`
// costs over TCP as the API's layers are added one by one to a hello-world Hono app on
// @hono/node-server, each server in its own process on a fresh copy of one seeded database,
// warmed up like bench/profile-server.ts, then 20,000 reads by 50 connections. Layers: hello (a
// sync `c.json`), async (the handler awaits), token (+ sha256 and the token query), next (+ the
// next-session query and its answer), app (createApp: every layer of the API). `--batched` serves
// each through inTurnBatches, as api/server.ts does. Not part of the bench's report: it is how
// round four of bench/findings.md found where `next`'s CPU goes over TCP.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { createApp } from '../api/app.js';
import { sha256 } from '../api/accounts/secrets.js';
import { nextSession } from '../api/storage/sessions.js';
import { Database } from '../api/storage/engine/database.js';
import { findUserByTokenHash } from '../api/storage/users.js';
import { inTurnBatches } from '../api/http/turn-batches.js';
import { startChild, stopAllChildren } from './children.js';
import { readNext } from './reads.js';
import { bookSlots, HOUR, hourlySlots } from './rush.js';
import { copySeededDatabase, seedDatabase } from './seeding.js';

const LAYERS = ['hello', 'async', 'token', 'next', 'app'] as const;
type Layer = (typeof LAYERS)[number];
const notFound = { type: 'urn:cowork:problem:not-found', title: 'Not found', status: 404, detail: 'An upcoming session does not exist or is not yours.' };

function fetchOf(layer: Layer, db: Database): (request: Request, env?: unknown) => Response | Promise<Response> {
  if (layer === 'app') return createApp({ db, clock: { now: () => new Date() }, publicUrl: 'http://127.0.0.1' }).fetch;
  const tokenHash = (c: Context) => sha256((c.req.header('authorization') ?? '').slice('Bearer '.length));
  const handlers: Record<Exclude<Layer, 'app'>, (c: Context) => Response | Promise<Response>> = {
    hello: (c) => c.json({ hello: 'world' }),
    async: async (c) => {
      await null;
      return c.json({ hello: 'world' });
    },
    token: async (c) => c.json({ hello: (await findUserByTokenHash(db, tokenHash(c)))?.id ?? null }),
    next: async (c) => {
      const user = await findUserByTokenHash(db, tokenHash(c));
      const session = user && (await nextSession(db, user.id, new Date()));
      return session ? c.json(session) : c.json(notFound, 404);
    },
  };
  return new Hono().get('*', handlers[layer]).fetch;
}

async function serveLayer(layer: Layer, dbFile: string, batched: boolean): Promise<void> {
  const db = await Database.open({ url: pathToFileURL(dbFile).href });
  const fetch = fetchOf(layer, db);
  serve({ fetch: batched ? inTurnBatches(fetch) : fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
  process.once('SIGTERM', () => process.exit(0));
}

/** User and system CPU time of a live process so far, in ms. */
function cpuSplit(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10];
}

async function compare(layers: Layer[], batched: boolean): Promise<void> {
  const now = new Date();
  const slots = hourlySlots(new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR), 3);
  const workDir = mkdtempSync(join(tmpdir(), 'cowork-read-layers-'));
  try {
    const seeded = await seedDatabase(join(workDir, 'seed.db'), { people: 2_000, rushPeople: 2_000, storedSessions: 1_000, keepFreeUntil: new Date(slots.at(-1)!.getTime() + 3 * HOUR) }, now);
    for (const [index, layer] of layers.entries()) {
      const copy = copySeededDatabase(seeded, join(workDir, `${index}.db`));
      const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', layer, copy.file, ...(batched ? ['--batched'] : [])];
      const server = await startChild(process.execPath, args);
      await bookSlots(server.url, server.pid, copy.tokens.slice(0, 200), [slots[2]!], 50);
      await readNext(server.url, server.pid, copy.tokens, 1_000, 50);
      const [user, system] = cpuSplit(server.pid);
      const result = await readNext(server.url, server.pid, copy.tokens, 20_000, 50);
      const [userAfter, systemAfter] = cpuSplit(server.pid);
      const perRead = (ms: number) => ((ms * 1000) / result.requests).toFixed(0);
      console.log(`${layer.padEnd(6)} ${perRead(userAfter - user + systemAfter - system)} µs CPU a read (user ${perRead(userAfter - user)}, sys ${perRead(systemAfter - system)}), ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99Ms} ms`);
      await server.stop();
    }
  } finally {
    await stopAllChildren();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const batched = args.includes('--batched');
if (args[0] === '--serve') {
  await serveLayer(args[1] as Layer, args[2]!, batched);
} else {
  const layers = args.filter((arg) => arg !== '--batched');
  const unknown = layers.filter((layer) => !(LAYERS as readonly string[]).includes(layer));
  if (layers.length === 0 || unknown.length > 0) throw new Error(`usage: read-layers.ts [--batched] <${LAYERS.join('|')}>...`);
  await compare(layers as Layer[], batched);
}
