import { bearer, defineRoute, json, problem, router } from '../http/openapi.js';
import { PersonListSchema, userIdParam } from '../schemas/matching.js';
import { PersonSchema } from '../schemas/sessions.js';
import { addBlock, listBlocks, removeBlock } from '../storage/preferences.js';

/** Blocks (SPEC §7): only past or present partners; blocking dissolves future pairs with them. */
const list = defineRoute({
  method: 'get', path: '/', operationId: 'listBlocks', summary: 'The people you blocked', security: bearer,
  description: 'People you blocked are never paired with you, and you never with them.',
  responses: { 200: json(PersonListSchema, 'OK') },
});

const add = defineRoute({
  method: 'put', path: '/{userId}', operationId: 'blockPerson', summary: 'Block a past or present partner (idempotent)', security: bearer,
  description: 'They stop being a favourite. Every pair with them whose start is ahead is dissolved, and both sessions are re-paired with others at once where possible.',
  request: { params: userIdParam },
  responses: {
    200: json(PersonSchema, 'The person blocked'),
    ...problem(400, 'Not a user id'),
    ...problem(404, 'Not someone you have been paired with (not-a-partner)'),
  },
});

const remove = defineRoute({
  method: 'delete', path: '/{userId}', operationId: 'unblockPerson', summary: 'Unblock (idempotent); your waiting sessions are re-paired at once where possible', security: bearer,
  description: 'Unblocking someone not blocked changes nothing and answers 204 all the same.',
  request: { params: userIdParam },
  responses: { 204: { description: 'Removed' }, ...problem(400, 'Not a user id') },
});

export const blockRoutes = router()
  .openapi(list, async (c) => c.json({ data: await listBlocks(c.get('deps').db, c.get('user').id) }, 200))
  .openapi(add, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await addBlock(db, c.get('user').id, c.req.valid('param').userId, clock.now()), 200);
  })
  .openapi(remove, async (c) => {
    const { db, clock } = c.get('deps');
    await removeBlock(db, c.get('user').id, c.req.valid('param').userId, clock.now());
    return c.body(null, 204);
  });
