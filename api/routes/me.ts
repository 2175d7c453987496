import { z } from 'zod';
import { bearer, defineRoute, json, jsonBody, router } from '../openapi.js';
import { settingsFields } from '../schemas/matching.js';
import { UserSchema } from '../schemas/users.js';
import { updateSettings } from '../storage/preferences.js';
import { signUpBody } from './users.js';

/** PATCH /v1/me: name, time zone and the matching settings of SPEC §7; a field left out keeps its value. */
export const settingsBody = z.strictObject({
  name: signUpBody.shape.name.optional(),
  timezone: signUpBody.shape.timezone.removeDefault().optional(),
  ...settingsFields,
});

const me = defineRoute({
  method: 'get', path: '/', summary: 'The signed-in user', security: bearer,
  responses: { 200: json(UserSchema, 'OK') },
});

const changeMe = defineRoute({
  method: 'patch', path: '/', summary: 'Change your name, time zone and matching settings', security: bearer,
  description: 'matchWith is read when pairing happens (switching to anyone pairs your waiting sessions at once); activity and quiet are the defaults of your next bookings.',
  request: { body: jsonBody(settingsBody) },
  responses: { 200: json(UserSchema, 'OK') },
});

export const meRoutes = router()
  .openapi(me, (c) => c.json(c.var.user, 200))
  .openapi(changeMe, async (c) => {
    const { db, clock } = c.var.deps;
    return c.json(await updateSettings(db, c.var.user.id, c.req.valid('json'), clock.now()), 200);
  });
