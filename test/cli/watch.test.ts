import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeTerminals, inTerminal, KEY } from './pty.js';
import { runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

const TOMORROW = Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000;
let slots = 8;
const nextSlot = () => new Date(TOMORROW + slots++ * 3_600_000).toISOString();

/** A port free now, so a server restarted on it is found by its clients at the same address. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `cowork watch` as a script runs it (no terminal): its stdout lines as they come. */
function watchProcess(who: CoworkEnv, args: string[]) {
  const child = spawn(process.execPath, [COWORK_BIN, 'watch', ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...who.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const parts = stdout.split('\n');
    stdout = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const waitFor = async (count: number, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (lines.length < count) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${what}: stdout ${JSON.stringify(lines)}, stderr ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return lines.slice(0, count);
  };
  const stderrShows = async (pattern: RegExp, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(stderr)) {
      if (Date.now() > deadline) throw new Error(`stderr never showed ${pattern}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { lines, waitFor, stderrShows, exited, stderr: () => stderr, stop: () => child.kill('SIGTERM') };
}

/** A's and B's bookings of one new slot, through the server at `url` with each one's token; answers A's session id. */
async function pair(url: string, a: CoworkEnv, b: CoworkEnv): Promise<string> {
  const start = nextSlot();
  const through = async (who: CoworkEnv) => ({ env: { COWORK_SERVER: url, COWORK_TOKEN: (await runCowork(who, ['config', 'get', 'token'])).stdout.trim() } });
  const mine = await runCowork(a, ['book', '50m', start, '--json'], await through(a));
  assert.equal(mine.code, 0, mine.stderr);
  const theirs = await runCowork(b, ['book', '50m', start, '--task', 'proofread'], await through(b));
  assert.equal(theirs.code, 0, theirs.stderr);
  return (JSON.parse(mine.stdout) as { id: string }).id;
}

describe('cowork watch through real processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cowork-watch-'));
  const dbPath = join(dir, 'cowork.db');
  const servers: ServerProcess[] = [];
  const watchers: ReturnType<typeof watchProcess>[] = [];
  after(async () => {
    closeTerminals();
    for (const watcher of watchers) watcher.stop();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('watch --json prints one JSON document per event, and after its server is killed with SIGKILL and restarted it resumes by itself with nothing lost', async () => {
    const port = await freePort();
    servers.push(await startServerProcess({ dbPath, port }), await startServerProcess({ dbPath }));
    const [watched, other] = servers as [ServerProcess, ServerProcess];
    const ada = await signedUpPerson(watched.url, 'Ada');
    const bob = await signedUpPerson(other.url, 'Bob');
    const watcher = watchProcess(ada, ['--json']);
    watchers.push(watcher);
    await watcher.stderrShows(/Watching your events/);

    const first = await pair(other.url, ada, bob);
    const [line] = await watcher.waitFor(1, 'first event');
    const event = JSON.parse(line!) as { id: string; type: string; data: { session: { id: string; partner: { name: string } } } };
    assert.deepEqual([event.type, event.data.session.id, event.data.session.partner.name], ['session.matched', first, 'Bob']);
    assert.match(event.id, /^evt_/);

    watched.kill('SIGKILL');
    await watched.stop();
    await watcher.stderrShows(/Lost the connection/);
    const missed = await pair(other.url, ada, bob);
    servers[0] = await startServerProcess({ dbPath, port });
    await watcher.stderrShows(/Connected again; nothing was missed/);
    const lines = await watcher.waitFor(2, 'the event made while the server was down');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { data: { session: { id: string } } }).data.session.id), [first, missed], 'each once, in order');
  });

  test('watch prints a line in words per event, and Ctrl-C in a terminal ends it with exit 0', async () => {
    const server = servers[1]!;
    const cy = await signedUpPerson(server.url, 'Cy');
    const dee = await signedUpPerson(server.url, 'Dee');
    const terminal = inTerminal(cy, ['watch']);
    await terminal.expect(/Watching your events/);
    await pair(server.url, cy, dee);
    await terminal.expect(/Matched: .+ with Dee \("proofread"\)\./, 'the match in words');
    terminal.type(KEY.ctrlC);
    assert.equal(await terminal.exited(), 0);
  });

  test('README\'s phone recipe, its ntfy URL pointed at a local receiver, posts one line per match', async () => {
    const server = servers[1]!;
    const fay = await signedUpPerson(server.url, 'Fay');
    const gus = await signedUpPerson(server.url, 'Gus');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const recipe = /^cowork watch --json \| jq .+\\\n.+ntfy\.sh.+$/m.exec(readme)?.[0].replace(/\\\n\s*/, '');
    assert.ok(recipe, 'README holds the recipe');
    const posted: string[] = [];
    const receiver = createHttpServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => {
        posted.push(body);
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/cowork-ada-7f3k2q`;
    const shell = spawn('bash', ['-o', 'pipefail', '-c', recipe!.replace('https://ntfy.sh/cowork-ada-7f3k2q', local).replace(/^cowork /, `${process.execPath} ${COWORK_BIN} `)], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...fay.env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true,
    });
    try {
      let stderr = '';
      shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      for (let waited = 0; !/Watching your events/.test(stderr); waited += 50) {
        assert.ok(waited < 15_000, `the recipe never started watching: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await pair(server.url, fay, gus);
      for (let waited = 0; posted.length === 0; waited += 50) {
        assert.ok(waited < 15_000, 'nothing was posted');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.match(posted[0]!, /^Gus at \d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    } finally {
      process.kill(-shell.pid!, 'SIGTERM');
      receiver.close();
    }
  });

  test('watch with a revoked token says to log in again and exits 4', async () => {
    const server = servers[1]!;
    const eve = await signedUpPerson(server.url, 'Eve');
    const watcher = watchProcess(eve, []);
    await watcher.stderrShows(/Watching your events/);
    const token = (await runCowork(eve, ['config', 'get', 'token'])).stdout.trim();
    assert.equal((await fetch(`${server.url}/v1/tokens/current`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status, 204);
    assert.equal(await watcher.exited, 4);
    assert.match(watcher.stderr(), /cowork login/);
  });
});
