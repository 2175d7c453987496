// The baseline of every ratio in BENCHMARKS.md: the smallest Hono app on @hono/node-server, in its
// own process, plain JavaScript (no loader), so that it runs the way the compiled API server does.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/', (c) => c.text('Hello Hono!'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`hello-world listening on http://127.0.0.1:${info.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
