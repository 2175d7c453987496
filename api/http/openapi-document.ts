import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { tagOf, tagsUsed } from './openapi-tags.js';

const info = {
  title: 'cowork API',
  version: '1.0.0',
  description: 'Book focus sessions, get paired with a stranger, meet in a Jitsi room.',
  license: { name: 'MIT', identifier: 'MIT' },
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

interface Operation { tags?: string[]; parameters?: object[]; responses?: Record<string, unknown> }

const ifNoneMatch = {
  name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' },
  description: 'The ETag of the answer you hold: 304 with no body while it is unchanged',
};

/**
 * The OpenAPI 3.1 document of every route mounted on `app`, as client generators want it (SPEC
 * §13): `servers` naming this server's public URL, each operation tagged by its path, and the
 * reads that answer 304 taking If-None-Match.
 */
export function openApiDocumentOf<E extends Env>(app: OpenAPIHono<E>, publicUrl: string | undefined) {
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info,
    ...(publicUrl ? { servers: [{ url: publicUrl, description: 'This server' }] } : {}),
  });
  const used: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!METHODS.has(method)) continue;
      operation.tags ??= [tagOf(path)];
      if (method === 'get' && operation.responses?.[304]) operation.parameters = [...(operation.parameters ?? []), ifNoneMatch];
      used.push(...operation.tags);
    }
  }
  return { ...document, tags: tagsUsed(used) };
}
