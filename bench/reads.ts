import { runLoad, type LoadResult } from './load.js';

/** `GET /v1/sessions/next` for everyone in turn, `connections` in flight. */
export function readNext(url: string, serverPid: number, tokens: string[], amount: number, connections: number): Promise<LoadResult> {
  return runLoad({
    url,
    serverPid,
    connections,
    amount,
    request: (i) => ({ method: 'GET', path: '/v1/sessions/next', headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } }),
  });
}
