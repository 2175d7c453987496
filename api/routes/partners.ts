import { bearer, defineRoute, json, router } from '../http/openapi.js';
import { PartnerListSchema, partnersQuery } from '../schemas/matching.js';
import { listPartners } from '../storage/preferences.js';

/** Everyone you have been paired with: whom you can favourite, block or book with. */
const list = defineRoute({
  method: 'get', path: '/', operationId: 'listPartners', summary: 'Everyone you have been paired with (dissolved pairs included), the most recent shared start first', security: bearer,
  description: 'Each with whether they are a favourite or blocked and your last session together; the ids here are the ones favourites, blocks and partnerId take.',
  request: { query: partnersQuery },
  responses: { 200: json(PartnerListSchema, 'OK') },
});

export const partnerRoutes = router().openapi(list, async (c) =>
  c.json({ data: await listPartners(c.get('deps').db, c.get('user').id, c.req.valid('query').limit) }, 200));
