import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { openApiDocument } from '../openapi.js';

export const openApiRoutes = new Hono<AppEnv>().get('/', (c) => c.json(openApiDocument));
