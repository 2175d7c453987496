import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../cli/api-types.js';
import { next } from '../../cli/commands/next.js';
import { EXIT, type CliError } from '../../cli/errors.js';
import { withEnv } from '../helpers/scoped-env.js';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson } from './run-cowork.js';

/**
 * `cowork next` against a server whose clock stands at Monday 7 Jan 2030, 13:55 UTC (14:55 in
 * Berlin), five minutes before the 14:00 UTC slot, so that slot's join window is open.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ env: NOW, checkContract: true });
});
after(() => server.stop());

const newPerson = (name: string) => signedUpPerson(server.url, name, NOW);
const CALL_URL = /^http:\/\/127\.0\.0\.1:\d+\/call\/[0-9a-f]{24}\S*$/;

describe('next', () => {
  test('next with nothing booked exits 3 and suggests booking', async () => {
    const result = await runCowork(await newPerson('Ada'), ['next']);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /no upcoming session\.\n {2}Book one/);
  });

  test('next before the join window exits 3 and says when it opens', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', '17:00']);
    const result = await runCowork(ada, ['next', '--no-open']);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Mon 7 Jan, 17:00–17:50/);
    assert.match(result.stderr, /join window opens Mon 7 Jan, 16:50 \(in 1 h 5[45] min\)\.\n {2}Run `cowork next --wait`/);
  });

  test('next --no-open prints only the call page URL on stdout', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', 'now', '--task', 'emails']);
    const result = await runCowork(ada, ['next', '--no-open']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout.trim(), CALL_URL);
    assert.equal(result.stdout.split('\n').length, 2);
    assert.match(result.stderr, /Mon 7 Jan, 15:00–15:50 \(in \d min\)/);
  });

  test('next --json prints the session with the link and its expiry', async () => {
    const ada = await newPerson('Ada');
    const booked = JSON.parse((await runCowork(ada, ['book', '25m', 'now', '--json'])).stdout) as Session;
    const result = await runCowork(ada, ['next', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const answer = JSON.parse(result.stdout) as { session: Session; url: string; expiresAt: string };
    assert.equal(answer.session.id, booked.id);
    assert.match(answer.url, CALL_URL);
    assert.ok(!Number.isNaN(Date.parse(answer.expiresAt)));
  });

  test('next opens the call page with the browser named in BROWSER', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '75m', 'now']);
    const dir = mkdtempSync(join(tmpdir(), 'cowork-browser-'));
    const browser = join(dir, 'browser');
    writeFileSync(browser, `#!/bin/sh\nprintf %s "$1" > "${join(dir, 'opened')}"\n`);
    chmodSync(browser, 0o755);
    const result = await runCowork(ada, ['next'], { env: { BROWSER: browser } });
    assert.equal(result.code, 0, result.stderr);
    // open() launches the browser in the background; wait for that process, not for a time.
    for (let i = 0; i < 200 && !existsSync(join(dir, 'opened')); i++) await delay(25);
    assert.match(readFileSync(join(dir, 'opened'), 'utf8'), CALL_URL);
    assert.match(result.stderr, /Opened the call page in your browser/);
  });

  test('next does not claim to have opened a browser when none could be opened, and prints the link', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '75m', 'now']);
    const result = await runCowork(ada, ['next'], { env: { BROWSER: '/bin/false', DISPLAY: '', WAYLAND_DISPLAY: '' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /No browser could be opened here; open this link yourself:/);
    assert.doesNotMatch(result.stderr, /Opened/);
    assert.match(result.stdout.trim(), CALL_URL);
  });

  test('next --wait waits on the clock for the join window, then joins', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', 'now']);
    const token = (await runCowork(ada, ['config', 'get', 'token'])).stdout.trim();
    let clock = Date.parse('2030-01-07T13:49:57Z');
    const slept: number[] = [];
    const opened: string[] = [];
    await withEnv({ COWORK_SERVER: server.url, COWORK_TOKEN: token, TZ: 'Europe/Berlin' }, () => next({ wait: true }, {
      now: () => new Date(clock),
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      openUrl: async (url) => {
        opened.push(url);
        return true;
      },
    }));
    assert.deepEqual(slept, [1000, 1000, 1000]);
    assert.equal(opened.length, 1);
    assert.match(opened[0] ?? '', CALL_URL);
  });

  test('next --wait goes on counting down while the server is away, and says so once', async () => {
    const away = await startServerProcess({ env: NOW });
    const bea = await signedUpPerson(away.url, 'Bea', NOW);
    await runCowork(bea, ['book', '50m', 'now']);
    const token = (await runCowork(bea, ['config', 'get', 'token'])).stdout.trim();
    let clock = Date.parse('2030-01-07T13:49:50Z');
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((text: string) => written.push(String(text)) > 0) as typeof process.stderr.write;
    try {
      await withEnv({ COWORK_SERVER: away.url, COWORK_TOKEN: token, TZ: 'Europe/Berlin', COWORK_POLL_SECONDS: '2' }, () => assert.rejects(next({ wait: true }, {
        now: () => new Date(clock),
        sleep: async (ms) => {
          clock += ms;
          if (clock === Date.parse('2030-01-07T13:49:51Z')) await away.stop();
        },
      }), (error: CliError) => error.exitCode === EXIT.unreachable));
    } finally {
      process.stderr.write = write;
    }
    const said = written.join('');
    assert.equal(said.split('to re-read the session; still counting down.').length - 1, 1, said);
  });

  test('next --wait hears of a new partner at once through the live stream, not at its next re-read', async () => {
    const ada = await newPerson('Ada');
    const ben = await newPerson('Ben');
    await runCowork(ada, ['book', '50m', '21:00']);
    const child = spawn(process.execPath, [COWORK_BIN, 'next', '--wait', '--no-open'], { env: { PATH: process.env.PATH, ...ada.env } });
    let stderr = '';
    const shows = (text: string) => new Promise<void>((resolve) => {
      const look = () => stderr.includes(text) && resolve();
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        look();
      });
      look();
    });
    await shows('Join window opens in');
    const booked = performance.now();
    assert.equal((await runCowork(ben, ['book', '50m', '21:00', '--task', 'taxes'])).code, 0);
    await shows('Now paired with Ben (taxes).');
    const tookMs = performance.now() - booked;
    const code = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGINT');
    assert.equal(await code, 130);
    assert.ok(tookMs < 5_000, `heard ${Math.round(tookMs)} ms after the booking, well before the 15 s re-read`);
  });

  test('Ctrl-C while waiting leaves cleanly with exit 130', async () => {
    const ada = await newPerson('Ada');
    await runCowork(ada, ['book', '50m', '20:00']);
    const child = spawn(process.execPath, [COWORK_BIN, 'next', '--wait', '--no-open'], { env: { PATH: process.env.PATH, ...ada.env } });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('Join window opens in')) resolve();
      });
    });
    const code = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGINT');
    assert.equal(await code, 130);
    assert.match(stderr, /Join window opens in 4 h 5\d min \(Mon 7 Jan, 19:50\)\./);
  });
});
