import { defineRoute, json, problem, router } from '../http/openapi.js';
import { Problem } from '../http/problems.js';
import { HealthSchema } from '../schemas/service.js';
import { databaseAnswers } from '../storage/health.js';

const health = defineRoute({
  method: 'get', path: '/', operationId: 'checkHealth', summary: 'Liveness: 200 when the database answers, else 503',
  description: 'For load balancers and monitors; needs no token.',
  responses: { 200: json(HealthSchema, 'OK'), ...problem(503, 'The database does not answer, or is busy') },
});

export const healthRoutes = router().openapi(health, async (c) => {
  if (!(await databaseAnswers(c.get('deps').db))) {
    throw new Problem(503, 'database-unavailable', 'Database unavailable', 'The database does not answer; check the server log.');
  }
  return c.json({ status: 'ok' as const }, 200);
});
