import { fileURLToPath } from 'node:url';
import { startChild } from './children.js';
import { runLoad, WARM_UP_REQUESTS, type LoadRequest, type LoadResult } from './load.js';

const script = fileURLToPath(new URL('./hello-world-server.mjs', import.meta.url));

export interface Baselines {
  /** `POST /` with the rush's JSON body, parsed, answered 201: the floor of a booking. */
  post: LoadResult;
  /** `GET /` answering a small JSON object: the floor of a read. */
  get: LoadResult;
}

/** Both baselines, from one hello-world process, under the same load shape as the API. */
export async function measureBaselines(connections: number, amount: number, body: string): Promise<Baselines> {
  const server = await startChild(process.execPath, [script]);
  const measure = async (request: LoadRequest, status: string) => {
    const plan = { url: server.url, connections, request: () => request, serverPid: server.pid };
    await runLoad({ ...plan, amount: WARM_UP_REQUESTS });
    const result = await runLoad({ ...plan, amount });
    if (result.statuses[status] !== amount) throw new Error(`hello-world answered ${JSON.stringify(result.statuses)}`);
    return result;
  };
  try {
    return {
      post: await measure({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body }, '201'),
      get: await measure({ method: 'GET', path: '/' }, '200'),
    };
  } finally {
    await server.stop();
  }
}
