import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../storage/outbox.js';
import { isoTime } from './common.js';

// Webhooks (SPEC §9): requests and answers side by side.

const eventType = z.enum(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`);

export const webhookBody = z.strictObject({
  url: z.string('must be a string').max(2048, 'must be at most 2048 characters')
    .openapi({ example: 'https://ntfy.sh/my-cowork-topic' }),
  events: z.array(eventType, 'must be a list of event types').min(1, 'must name at least one event (or leave events out for all)')
    .optional().openapi({ description: 'Leave out for every event type' }),
});

export const WebhookSchema = z
  .strictObject({ id: z.string(), url: z.string(), events: z.array(eventType), createdAt: isoTime })
  .openapi('Webhook');

export const CreatedWebhookSchema = z
  .strictObject({
    id: z.string(), url: z.string(), events: z.array(eventType), createdAt: isoTime,
    secret: z.string().openapi({ description: 'Signs every delivery (Cowork-Signature); shown only now' }),
  })
  .openapi('CreatedWebhook');

export const WebhookListSchema = z.strictObject({ data: z.array(WebhookSchema) }).openapi('WebhookList');

export const DeliverySchema = z
  .strictObject({
    eventId: z.string(),
    type: z.string(),
    attempt: z.int(),
    at: isoTime,
    status: z.union([z.int(), z.null()]).openapi({ description: 'The receiver\'s status code, null when no answer came' }),
    error: z.union([z.string(), z.null()]),
    outcome: z.enum(['delivered', 'retrying', 'failed']),
  })
  .openapi('WebhookDelivery');

export const DeliveryListSchema = z.strictObject({ data: z.array(DeliverySchema) }).openapi('WebhookDeliveryList');

export const PingSchema = z.strictObject({ eventId: z.string() }).openapi('WebhookPing');
