import type { RouteConfig } from '@hono/zod-openapi';

/**
 * The response headers the shared machinery sends, as /openapi.json documents them on every
 * route's answers (SPEC §13): each defined once under components.headers and referred to.
 */
export const HEADER_COMPONENTS = {
  'X-Request-Id': {
    description: 'The id of this request: the one sent in X-Request-Id when it is 1 to 128 letters, digits, _, - or =, else a new one. Log lines and problem documents (requestId) carry it.',
    required: true,
    schema: { type: 'string', maxLength: 128 },
  },
  ETag: {
    description: 'The answer\'s entity tag: send it back as If-None-Match to get 304 while the answer is unchanged',
    required: true,
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'IETF RateLimit field (draft-ietf-httpapi-ratelimit-headers): what is left of the policy\'s quota (r) and the seconds until it is whole again (t), e.g. "signup";r=3;t=1800',
    required: false,
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description: 'IETF RateLimit-Policy field: the policy\'s quota (q) per window of w seconds, e.g. "signup";q=10;w=3600',
    required: false,
    schema: { type: 'string' },
  },
} as const;

const ref = (name: keyof typeof HEADER_COMPONENTS) => ({ $ref: `#/components/headers/${name}` });

type Answer = { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> };

/** A GET answering JSON: it carries an ETag and answers 304 to a matching If-None-Match (api/http/json-etag.ts). */
export const isJsonRead = (config: Pick<RouteConfig, 'method' | 'responses'>) =>
  config.method === 'get' && (config.responses[200] as Answer | undefined)?.content?.['application/json'] !== undefined;

/** A route that may answer 429 counts requests, and says how many are left in RateLimit fields. */
const answers429 = (config: Pick<RouteConfig, 'responses'>) => config.responses[429] !== undefined;

/**
 * `responses` with the machinery's headers added to each answer, and the 304 of a JSON read;
 * `rateLimited` for a route whose limit refuses otherwise than with a 429 (decline's 409).
 */
export function withAnswerHeaders(config: Pick<RouteConfig, 'method' | 'responses'>, rateLimited = false): RouteConfig['responses'] {
  const jsonRead = isJsonRead(config);
  const limited = rateLimited || answers429(config);
  const answers: Record<string, Answer> = { ...(config.responses as Record<string, Answer>) };
  if (jsonRead) answers[304] = { description: 'Unchanged since the ETag sent in If-None-Match' };
  for (const [status, answer] of Object.entries(answers)) {
    const tagged = jsonRead && (status === '200' || status === '304');
    answers[status] = {
      ...answer,
      headers: {
        ...answer.headers,
        'X-Request-Id': ref('X-Request-Id'),
        ...(tagged ? { ETag: ref('ETag') } : {}),
        ...(limited ? { RateLimit: ref('RateLimit'), 'RateLimit-Policy': ref('RateLimit-Policy') } : {}),
      },
    };
  }
  return answers as RouteConfig['responses'];
}
