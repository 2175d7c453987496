// The baselines of every ratio in BENCHMARKS.md (SPEC §6): the smallest Hono apps on
// @hono/node-server, in their own process, plain JavaScript (no loader), run the way the API is.
// For writes, a POST that parses the JSON body and answers 201; for reads, a GET answering a small JSON object.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono()
  .get('/', (c) => c.json({ hello: 'world' }))
  .post('/', async (c) => c.json({ received: await c.req.json() }, 201));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`hello-world listening on http://127.0.0.1:${info.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
