import { bearer, defineRoute, json, problem, router } from '../http/openapi.js';
import { PersonListSchema, userIdParam } from '../schemas/matching.js';
import { PersonSchema } from '../schemas/sessions.js';
import { addFavorite, listFavorites, MAX_FAVORITES, removeFavorite } from '../storage/preferences.js';

/** Favourites (SPEC §7): only past partners, at most 200; PUT and DELETE are idempotent. */
const list = defineRoute({
  method: 'get', path: '/', operationId: 'listFavorites', summary: 'Your favourites: preferred when pairing, the only people open slots name', security: bearer,
  description: 'Favourites are preferred when pairing, and open slots name them.',
  responses: { 200: json(PersonListSchema, 'OK') },
});

const add = defineRoute({
  method: 'put', path: '/{userId}', operationId: 'addFavorite', summary: 'Mark a past partner as a favourite (idempotent)', security: bearer,
  description: 'Only someone you have been paired with; at most 200. Marking a favourite twice answers it again.',
  request: { params: userIdParam },
  responses: {
    200: json(PersonSchema, 'The favourite'),
    ...problem(400, 'Not a user id'),
    ...problem(404, 'Not someone you have been paired with (not-a-partner)'),
    ...problem(409, `Already ${MAX_FAVORITES} favourites (favorites-limit), or you blocked this person (partner-blocked: unblock first)`),
  },
});

const remove = defineRoute({
  method: 'delete', path: '/{userId}', operationId: 'removeFavorite', summary: 'Remove a favourite (idempotent)', security: bearer,
  description: 'Removing someone who is not a favourite changes nothing and answers 204 all the same.',
  request: { params: userIdParam },
  responses: { 204: { description: 'Removed' }, ...problem(400, 'Not a user id') },
});

export const favoriteRoutes = router()
  .openapi(list, async (c) => c.json({ data: await listFavorites(c.get('deps').db, c.get('user').id) }, 200))
  .openapi(add, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await addFavorite(db, c.get('user').id, c.req.valid('param').userId, clock.now()), 200);
  })
  .openapi(remove, async (c) => {
    await removeFavorite(c.get('deps').db, c.get('user').id, c.req.valid('param').userId);
    return c.body(null, 204);
  });
