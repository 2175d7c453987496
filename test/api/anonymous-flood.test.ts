import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** Issue 8 finding 1: a server on the open internet must not grow with what strangers ask for. */

const NAME_LENGTH = 8_000;
const WARM_UP = 2_000;
const FLOOD = 20_000;
const PARALLEL = 8;
const MAX_GROWTH_KIB = 20 * 1024;

function residentKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(match, 'VmRSS is in /proc/<pid>/status');
  return Number(match[1]);
}

function get(agent: Agent, url: URL, path: string): Promise<{ status: number; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      res.resume().once('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] }));
    });
    req.once('error', reject).end();
  });
}

/** Asks for `count` distinct long names, PARALLEL at a time over kept-alive loopback sockets. */
async function askForUniqueNames(server: ServerProcess, from: number, count: number): Promise<void> {
  const url = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });
  const padding = 'x'.repeat(NAME_LENGTH - 20);
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const name = `${padding}${String(next++).padStart(12, '0')}.js`;
      const answer = await get(agent, url, `/call/assets/${name}`);
      assert.equal(answer.status, 404);
      assert.equal(answer.type, 'application/problem+json');
    }
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  } finally {
    agent.destroy();
  }
}

describe('anonymous requests cannot grow the server', () => {
  let server: ServerProcess;
  // A capped old generation makes V8 collect instead of growing its heap by tens of MiB as it sees
  // fit, so RSS measures what requests leave behind; a cache of every name would exhaust it instead.
  before(async () => (server = await startServerProcess({ env: { NODE_OPTIONS: '--max-old-space-size=48' } })));
  after(() => server.stop());

  test(`${FLOOD} requests for unique ${NAME_LENGTH}-character asset names grow RSS by under 20 MB`, { timeout: 180_000 }, async (t) => {
    await askForUniqueNames(server, 0, WARM_UP);
    const baseline = residentKiB(server.pid);
    await askForUniqueNames(server, WARM_UP, FLOOD);
    const growth = residentKiB(server.pid) - baseline;
    t.diagnostic(`RSS ${Math.round(baseline / 1024)} MiB after the warm-up, then +${Math.round(growth / 1024)} MiB`);
    assert.ok(growth < MAX_GROWTH_KIB, `RSS grew by ${Math.round(growth / 1024)} MiB over ${FLOOD} requests (from ${Math.round(baseline / 1024)} MiB)`);
  });
});
