import { router } from '../http/openapi.js';
import { callApiRoutes } from './call-api-routes.js';
import { callEventRoutes } from './call-events-route.js';
import { callPageRoutes } from './call-page-route.js';
import { joinRoute } from './join-route.js';

/** Everything about calls: the join link, the page and its assets, the page's JSON and attendance. */
export const callRoutes = router()
  .route('/', joinRoute)
  .route('/', callApiRoutes)
  .route('/', callEventRoutes)
  .route('/', callPageRoutes);
