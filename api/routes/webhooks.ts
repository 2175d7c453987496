import { z } from '@hono/zod-openapi';
import { bearer, defineRoute, json, jsonBody, problem, router } from '../http/openapi.js';
import { idParam } from '../schemas/sessions.js';
import { CreatedWebhookSchema, DeliveryListSchema, PingSchema, WebhookListSchema, webhookBody } from '../schemas/webhooks.js';
import { EVENT_TYPES } from '../storage/outbox.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, queuePing } from '../storage/webhooks.js';
import { reportRateLimit } from '../http/rate-limit-answer.js';
import { checkReceiverUrl } from '../webhooks/receiver-url.js';

const deliveriesQuery = z.object({
  limit: z.coerce.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
});

const add = defineRoute({
  method: 'post', path: '/', operationId: 'createWebhook', summary: 'Add a webhook (its signing secret is shown only in this answer)', security: bearer,
  description: 'Every delivery is signed with the secret in this answer (Stripe-style t=…,v1=… over the timestamp and body); at most 10 webhooks, receivers on public addresses only.',
  request: { body: jsonBody(webhookBody) },
  responses: {
    201: json(CreatedWebhookSchema, 'Created'),
    ...problem(409, 'Already 10 webhooks'),
    ...problem(422, 'URL refused: not http(s), carries credentials, its host does not resolve, or not a public address'),
  },
});

const list = defineRoute({
  method: 'get', path: '/', operationId: 'listWebhooks', summary: 'Your webhooks', security: bearer,
  description: 'Without their secrets, which are shown only when a webhook is made.',
  responses: { 200: json(WebhookListSchema, 'OK') },
});

const remove = defineRoute({
  method: 'delete', path: '/{id}', operationId: 'deleteWebhook', summary: 'Remove a webhook and its pending events', security: bearer,
  description: 'Its events not yet delivered are dropped with it.',
  request: { params: idParam },
  responses: { 204: { description: 'Removed' }, ...problem(404, 'No such webhook of yours') },
});

const deliveries = defineRoute({
  method: 'get', path: '/{id}/deliveries', operationId: 'listWebhookDeliveries', summary: 'The latest delivery attempts, newest first', security: bearer,
  description: 'Each attempt with the receiver\'s status code or the error, and its outcome: delivered, retrying (with growing waits, for about a day) or failed.',
  request: { params: idParam, query: deliveriesQuery },
  responses: { 200: json(DeliveryListSchema, 'OK'), ...problem(404, 'No such webhook of yours') },
});

const ping = defineRoute({
  method: 'post', path: '/{id}/ping', operationId: 'pingWebhook', summary: 'Queue a signed `ping` event to this webhook (at most 10 a minute a person)', security: bearer,
  description: 'Goes through the same signing and delivery as every event, so a receiver can be tested end to end; the RateLimit fields count the pings left in this minute.',
  request: { params: idParam },
  responses: {
    202: json(PingSchema, 'Queued; see its deliveries'),
    ...problem(404, 'No such webhook of yours'),
    ...problem(429, 'Already 10 pings in this minute (too-many-pings); see retryAt', { retryAfter: true }),
  },
});

export const webhookRoutes = router()
  .openapi(add, async (c) => {
    const input = c.req.valid('json');
    const { db, clock, webhooks, webhookHostLookup } = c.get('deps');
    const url = await checkReceiverUrl(input.url, webhooks?.allowPrivate ?? false, webhookHostLookup);
    const events = input.events ? EVENT_TYPES.filter((type) => input.events!.includes(type)) : [...EVENT_TYPES];
    return c.json(await createWebhook(db, c.get('user').id, { url, events }, clock.now()), 201);
  })
  .openapi(list, async (c) => c.json({ data: await listWebhooks(c.get('deps').db, c.get('user').id) }, 200))
  .openapi(remove, async (c) => {
    await deleteWebhook(c.get('deps').db, c.get('user').id, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(deliveries, async (c) => {
    const { limit } = c.req.valid('query');
    return c.json({ data: await listDeliveries(c.get('deps').db, c.get('user').id, c.req.valid('param').id, limit) }, 200);
  })
  .openapi(ping, async (c) => {
    const now = c.get('deps').clock.now();
    const { eventId, use } = await queuePing(c.get('deps').db, c.get('user').id, c.req.valid('param').id, now);
    reportRateLimit(c, use, now);
    return c.json({ eventId }, 202);
  });
