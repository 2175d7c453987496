import { communityOf } from '../config/community.js';
import { defineRoute, json, router } from '../http/openapi.js';
import { ServerSettingsSchema } from '../schemas/service.js';

/** The server's public settings, read without an account: the CLI asks before prompting for a sign-up. */
const settings = defineRoute({
  method: 'get', path: '/', operationId: 'getServerSettings', summary: 'The server\'s public settings: whether sign-up needs an invite code, and whether it sends mail',
  description: 'Needs no token: a client asks before sign-up whether it must ask for an invite code.',
  responses: { 200: json(ServerSettingsSchema, 'OK') },
});

export const serverSettingsRoutes = router().openapi(settings, (c) => c.json({ signup: communityOf(c.get('deps')).signup, mail: c.get('deps').mail !== undefined }, 200));
