import { bearer, defineRoute, json, router } from '../openapi.js';
import { UserSchema } from '../schemas/users.js';

const me = defineRoute({
  method: 'get', path: '/', summary: 'The signed-in user', security: bearer,
  responses: { 200: json(UserSchema, 'OK') },
});

export const meRoutes = router().openapi(me, (c) => c.json(c.var.user, 200));
