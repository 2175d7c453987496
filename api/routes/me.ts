import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requireUser } from '../auth.js';

export const meRoutes = new Hono<AppEnv>().get('/', requireUser, (c) => c.json(c.var.user));
