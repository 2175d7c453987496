import { fileURLToPath } from 'node:url';
import { startChild } from './children.js';
import { runLoad, type LoadResult } from './load.js';

const script = fileURLToPath(new URL('./hello-world-server.mjs', import.meta.url));

/** The baseline: a Hono hello-world in its own process, under the same load shape as the API. */
export async function measureHelloWorld(connections: number, amount: number): Promise<LoadResult> {
  const server = await startChild(process.execPath, [script]);
  try {
    const request = () => ({ method: 'GET' as const, path: '/' });
    await runLoad({ url: server.url, connections, amount: Math.min(amount, 5_000), request }); // warm-up, not counted
    const result = await runLoad({ url: server.url, connections, amount, request });
    if (result.statuses['200'] !== amount) throw new Error(`hello-world answered ${JSON.stringify(result.statuses)}`);
    return result;
  } finally {
    await server.stop();
  }
}
