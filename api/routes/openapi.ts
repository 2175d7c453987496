import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { defineRoute, json, router, securitySchemes } from '../http/openapi.js';
import { OpenApiDocumentSchema } from '../schemas/service.js';

const describe = defineRoute({
  method: 'get', path: '/', summary: 'This document: OpenAPI 3.1, generated from the route declarations',
  responses: { 200: json(OpenApiDocumentSchema, 'OK') },
});

const info = {
  title: 'cowork API',
  version: '1.0.0',
  description: 'Book focus sessions, get paired with a stranger, meet in a Jitsi room.',
};

/**
 * `GET /openapi.json` for `app`: generated from every route mounted on it at the first request
 * (when all are mounted), then served as the same text.
 */
export function openApiRoutes<E extends Env>(app: OpenAPIHono<E>) {
  for (const [name, scheme] of Object.entries(securitySchemes)) app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  let text: string | undefined;
  return router().openapi(describe, (c) => {
    text ??= JSON.stringify(app.getOpenAPI31Document({ openapi: '3.1.0', info }));
    // The text is the JSON answer, already serialized; the declared type is the document's.
    return c.body(text, 200, { 'Content-Type': 'application/json' }) as never;
  });
}
