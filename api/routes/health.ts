import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { Problem } from '../problems.js';
import { databaseAnswers } from '../storage/health.js';

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  if (!(await databaseAnswers(c.var.deps.db))) {
    throw new Problem(503, 'database-unavailable', 'Database unavailable', 'The database does not answer; check the server log.');
  }
  return c.json({ status: 'ok' });
});
