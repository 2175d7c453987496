import { runLoad, type LoadResult } from './load.js';

/** The top-of-the-hour rush: person i books `slot` with their own token, `connections` in flight. */
export function bookSlot(url: string, tokens: string[], slot: Date, connections: number): Promise<LoadResult> {
  const body = JSON.stringify({ start: slot.toISOString(), duration: 50 });
  return runLoad({
    url,
    connections,
    amount: tokens.length,
    request: (i) => ({
      method: 'POST',
      path: '/v1/sessions',
      headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
      body,
    }),
  });
}
