import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { createApp } from '../../api/app.js';
import type { AppDeps } from '../../api/config/app-env.js';
import type { PasswordQueue } from '../../api/accounts/password-queue.js';
import { Database } from '../../api/storage/engine/database.js';
import { contractOf } from '../helpers/contract.js';
import { quickPasswordQueue } from '../helpers/quick-passwords.js';

/** A real libSQL file in a temp folder, the app on top of it, and a clock the test moves by hand. */
export interface Harness {
  db: Database;
  dbUrl: string;
  /** The app's password queue: another app a test builds over `db` takes it too, or it cannot check the passwords signed up here. */
  passwords: PasswordQueue;
  clock: { now(): Date; set(iso: string): void; advance(minutes: number): void };
  /** Every answer is checked against /openapi.json first; a mismatch rejects with a ContractViolation. */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  signUp(name: string): Promise<{ id: string; token: string; email: string }>;
  book(token: string, start: string, duration?: number, task?: string): Promise<Response>;
  /** A separate connection for looking at what was really written. */
  inspect(): Client;
  close(): void;
}

export const T0 = '2030-01-07T10:00:00.000Z';

/**
 * `deps` adds to or replaces what the app is built with (for example `webhooks: { allowPrivate: true }`,
 * or the community's sign-up mode). Passwords are hashed by quick test work unless `deps.passwords`
 * brings a queue: tests about passwords pass `new PasswordQueue()`, the server's scrypt.
 */
export async function createHarness(startAt = T0, waitMs?: number, deps: Partial<AppDeps> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-test-'));
  const dbUrl = pathToFileURL(join(dir, 'cowork.db')).href;
  const db = await Database.open({ url: dbUrl, ...(waitMs === undefined ? {} : { waitMs }) });
  let now = new Date(startAt);
  const clock = {
    now: () => now,
    set: (iso: string) => void (now = new Date(iso)),
    advance: (minutes: number) => void (now = new Date(now.getTime() + minutes * 60_000)),
  };
  const passwords = deps.passwords ?? quickPasswordQueue();
  const app = createApp({ db, clock, publicUrl: 'http://127.0.0.1:8787', ...deps, passwords });
  const clients: Client[] = [];
  // Every app has the same routes, so one document serves the whole test process.
  const contract = contractOf('in-process', async () => app.request('/openapi.json'));

  const request: Harness['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    await (await contract).check(method, path, response);
    return response;
  };

  let people = 0;
  const signUp = async (name: string) => {
    const email = `${name.toLowerCase()}.${++people}@example.org`;
    const response = await request('POST', '/v1/users', { body: { name, email, password: 'correct horse battery' } });
    if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    const { user, token } = (await response.json()) as { user: { id: string }; token: string };
    return { id: user.id, token, email };
  };

  return {
    db,
    dbUrl,
    passwords,
    clock,
    request,
    signUp,
    book: (token, start, duration = 50, task) => request('POST', '/v1/sessions', { token, body: { start, duration, ...(task ? { task } : {}) } }),
    inspect: () => {
      const client = createClient({ url: dbUrl });
      clients.push(client);
      return client;
    },
    close: () => {
      for (const client of clients) client.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table, to prove a refused request wrote nothing. */
export async function snapshot(client: Client): Promise<string> {
  const tables = await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    const result = await client.execute(`SELECT * FROM "${String(name)}" ORDER BY 1`);
    dump[String(name)] = result.rows.map((row) => result.columns.map((column) => row[column]));
  }
  return JSON.stringify(dump);
}

export async function json<T = Record<string, any>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
