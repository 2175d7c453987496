import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { callApiRoutes } from './call-api-routes.js';
import { callPageRoutes } from './call-page-route.js';
import { joinRoute } from './join-route.js';

/** Everything about calls: the join link, the page and its assets, the page's JSON and attendance. */
export const callRoutes = new Hono<AppEnv>()
  .route('/', joinRoute)
  .route('/', callApiRoutes)
  .route('/', callPageRoutes);
