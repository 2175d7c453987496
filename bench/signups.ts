import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startApiServer } from './api-server.js';
import { runLoad, type LoadResult } from './load.js';
import { peakRssMb } from './memory.js';

export interface SignUpBurst {
  load: LoadResult;
  /** The server process's peak RSS over its whole life, the burst included. */
  peakRssMb: number;
}

/** A client address per request (10.x.y.z), so that a per-address sign-up limit does not hide the cost. */
const clientAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/**
 * `people` sign-ups (each a scrypt hash), `connections` in flight, on a fresh server that takes
 * the client address from X-Forwarded-For (COWORK_TRUST_PROXY=1), each request from its own address.
 */
export async function signUpBurst(workDir: string, people: number, connections: number): Promise<SignUpBurst> {
  const file = join(workDir, 'signups.db');
  const server = await startApiServer(file, { COWORK_TRUST_PROXY: '1' });
  const run = `${process.pid}-${Date.now()}`;
  try {
    const load = await runLoad({
      url: server.url,
      serverPid: server.pid,
      connections,
      amount: people,
      // Hashing bounds the rate (a few per second per core): waits in the queue are long, not lost.
      maxRunSeconds: 1_800,
      requestTimeoutSeconds: 600,
      request: (i) => ({
        method: 'POST',
        path: '/v1/users',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress(i + 1) },
        body: JSON.stringify({ name: `Burst ${i}`, email: `burst-${run}-${i}@example.org`, password: 'correct horse battery' }),
      }),
    });
    return { load, peakRssMb: peakRssMb(server.pid) };
  } finally {
    await server.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}
