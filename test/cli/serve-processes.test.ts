import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createClient } from '@libsql/client';
import { sha256 } from '../../api/accounts/secrets.js';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeTerminals, inTerminal, KEY } from './pty.js';

// Tomorrow at 15:00 UTC: the server runs on the real clock.
const SLOT = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000 + 15 * 3_600_000).toISOString();
const PEOPLE = 60;

/** The pids of a process's children, read from /proc (Linux). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] === String(pid);
      } catch {
        return false; // it ended while we looked
      }
    })
    .map(Number);
}

/** Bytes a process has written so far, to files and sockets alike. */
const bytesWritten = (pid: number) => Number(/^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);

/** The status of a GET over a connection of its own: fetch's pool may still hold a socket to a worker just killed. */
const statusOnNewConnection = (url: string) =>
  new Promise<number | undefined>((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });

/** Polls `check` until it returns a value, for at most `limitMs` (no fixed sleeps: the bound only fails a stuck test). */
async function eventually<T>(what: string, check: () => T | undefined, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function seedPeople(dbPath: string): Promise<string[]> {
  const client = createClient({ url: pathToFileURL(dbPath).href });
  const tokens = Array.from({ length: PEOPLE }, (_, i) => `cwk_cores_token_${i}_${'x'.repeat(20)}`);
  await client.batch(
    tokens.flatMap((token, i) => [
      { sql: `INSERT INTO users (id, name, email, password_hash, timezone, created_at) VALUES (?, ?, ?, 'scrypt$disabled', 'UTC', 0)`, args: [`cores${i}`, `Person ${i}`, `c${i}@example.org`] },
      { sql: 'INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, 0)', args: [sha256(token), `cores${i}`, 'cores'] },
    ]),
    'write',
  );
  client.close();
  return tokens;
}

describe('cowork serve --processes 2 runs two server processes sharing one port', () => {
  let server: ServerProcess;
  let workers: number[];
  before(async () => {
    server = await startServerProcess({ env: { COWORK_PROCESSES: '2' } });
    workers = childrenOf(server.pid);
  });
  after(async () => {
    if (server) await server.stop();
  });

  test('the primary starts two workers and prints its URL once', () => {
    assert.equal(workers.length, 2, `children of the primary: ${workers.join(', ')}`);
  });

  test('requests on many connections are answered by both workers', async () => {
    const before = workers.map(bytesWritten);
    const document = await (await fetch(`${server.url}/openapi.json`, { headers: { 'accept-encoding': 'identity' } })).text();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`${server.url}/openapi.json`, { headers: { 'accept-encoding': 'identity' } }).then((r) => r.text())),
    );
    assert.ok(answers.every((answer) => answer === document));
    // Each worker wrote at least one copy of the document (more than its jobs write in a second):
    // both served. The primary hands a connection to a worker that is free, so the shares vary.
    workers.forEach((pid, i) => assert.ok(bytesWritten(pid) - before[i]! >= document.length, `worker ${pid} answered its share: wrote ${bytesWritten(pid) - before[i]!} bytes, the document is ${document.length}`));
  });

  test('concurrent bookings spread over both workers end in exact, mutual pairs', async () => {
    const tokens = await seedPeople(server.dbPath);
    const answers = await Promise.all(
      tokens.map(async (token) => {
        const response = await fetch(`${server.url}/v1/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ start: SLOT, duration: 50 }),
        });
        return response.status;
      }),
    );
    assert.deepEqual(answers.filter((status) => status !== 201), []);
    const client = createClient({ url: pathToFileURL(server.dbPath).href });
    const pairs = (await client.execute('SELECT session_a, session_b FROM pairs')).rows;
    const sessions = (await client.execute(`SELECT status FROM sessions`)).rows;
    client.close();
    assert.equal(pairs.length, PEOPLE / 2, 'one pair per two people');
    assert.equal(new Set(pairs.flatMap((pair) => [pair.session_a, pair.session_b])).size, PEOPLE, 'nobody in two pairs');
    assert.ok(sessions.every((session) => session.status === 'matched'));
  });

  test('a worker that dies is replaced, and the other answers meanwhile', async () => {
    const [victim, survivor] = workers as [number, number];
    process.kill(victim, 'SIGKILL');
    await eventually('the killed worker to be gone', () => (existsSync(`/proc/${victim}`) && childrenOf(server.pid).includes(victim) ? undefined : true));
    assert.equal(await statusOnNewConnection(`${server.url}/openapi.json`), 200);
    const replacement = await eventually('a replacement worker', () => childrenOf(server.pid).find((pid) => pid !== survivor && pid !== victim));
    await eventually('the replacement to say it is starting', () => (/stopped \(signal SIGKILL\); starting another/.test(server.stderr()) ? true : undefined));
    workers = [survivor, replacement];
  });

  test('SIGTERM drains every worker and the primary exits 0', async () => {
    const all = childrenOf(server.pid);
    const stderr = server.stderr;
    assert.equal(await server.stop(), 0, stderr());
    assert.deepEqual(all.filter((pid) => existsSync(`/proc/${pid}`)), [], 'no worker left behind');
    server = undefined as unknown as ServerProcess;
  });
});

/** `cowork serve` refused at once; stdin closed, as no refusal reads it. */
const serveRefused = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [COWORK_BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 20_000 });

describe('--processes takes a whole number from 1 to 64 or auto', () => {
  for (const bad of ['0', '65', '1.5', 'two']) {
    test(`--processes ${bad} is refused with exit code 2`, () => {
      const result = serveRefused(['--processes', bad]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /--processes must be a whole number from 1 to 64 or "auto"/);
      assert.equal(result.stdout, '');
    });
  }
  test('COWORK_PROCESSES=many is refused with exit code 2', () => {
    const result = serveRefused([], { COWORK_PROCESSES: 'many' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /COWORK_PROCESSES must be a whole number/);
  });
  test('a worker that cannot start stops the primary with its exit code and message', () => {
    const result = serveRefused(['--processes', '2', '--host', 'no-such-host.invalid']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--host must be an address of this machine/);
    assert.equal(result.stdout, '');
  });
});

describe('Ctrl-C at the terminal stops every process of --processes 2', () => {
  const home = mkdtempSync(join(tmpdir(), 'cowork-ctrl-c-'));
  after(() => {
    closeTerminals();
    rmSync(home, { recursive: true, force: true });
  });

  test('one message, every process drains, exit code 0', { timeout: 60_000 }, async () => {
    // The terminal sends SIGINT to its whole foreground group, the workers included: only the primary acts on it.
    const who = { configHome: home, env: { XDG_CONFIG_HOME: home, XDG_DATA_HOME: home } };
    const term = inTerminal(who, ['serve', '--port', '0', '--processes', '2', '--db', join(home, 'cowork.db')]);
    await term.expect(/cowork listening on http:\/\/127\.0\.0\.1:\d+/, 'the listening line');
    term.type(KEY.ctrlC);
    assert.equal(await term.exited(), 0, term.screen());
    assert.equal(term.screen().match(/finishing open requests/g)?.length, 1, term.screen());
  });
});
