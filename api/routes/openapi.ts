import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { HEADER_COMPONENTS } from '../http/answer-headers.js';
import { openApiDocumentOf } from '../http/openapi-document.js';
import { jsonTextAnswer } from '../http/json-answers.js';
import { defineRoute, json, router, securitySchemes } from '../http/openapi.js';
import { OpenApiDocumentSchema } from '../schemas/service.js';

const describe = defineRoute({
  method: 'get', path: '/', operationId: 'getOpenApiDocument', summary: 'This document: OpenAPI 3.1, generated from the route declarations',
  description: 'Every operation has a stable operationId and a tag, so client generators (openapi-typescript, openapi-generator) make usable clients from it.',
  responses: { 200: json(OpenApiDocumentSchema, 'OK') },
});

/**
 * `GET /openapi.json` for `app`: generated from every route mounted on it at the first request
 * (when all are mounted, and the server's public URL is known), then served as the same text.
 */
export function openApiRoutes<E extends Env>(app: OpenAPIHono<E>) {
  for (const [name, scheme] of Object.entries(securitySchemes)) app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  for (const [name, header] of Object.entries(HEADER_COMPONENTS)) app.openAPIRegistry.registerComponent('headers', name, header);
  let text: string | undefined;
  return router().openapi(describe, (c) => {
    text ??= JSON.stringify(openApiDocumentOf(app, c.get('deps').publicUrl));
    // The text is the JSON answer, already serialized: sent with its length and ETag as c.json would.
    return jsonTextAnswer(c, text, 200, {}, true) as never;
  });
}
