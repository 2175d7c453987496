import type { Context } from 'hono';
import { z } from 'zod';
import { invalidInput, Problem } from './problems.js';

/** Turns request bodies and queries into typed values, or a 400 problem listing every bad field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap((issue) => {
    const prefix = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...prefix, key].join('.'), message: 'is not a known field; remove it' }));
    }
    return [{ path: prefix.length ? prefix.join('.') : where, message: issue.message }];
  });
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw invalidInput(`The request ${where} is not valid: ${summary}.`, errors);
}

export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new Problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw invalidInput('The request body is not valid JSON.', [{ path: 'body', message: 'not valid JSON' }]);
  }
  return parseWith(schema, body, 'body');
}

/** An RFC 3339 time with seconds and a Z or numeric offset, as a Date. */
export const rfc3339 = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 time such as 2030-01-07T14:00:00Z' })
  .transform((text) => new Date(text));

/** Free text that may be null; blank text counts as null. */
export const textOrNull = (max: number, label: string) =>
  z
    .string({ error: `${label} must be a string or null` })
    .max(max, `${label} must be at most ${max} characters`)
    .transform((text) => text.trim() || null)
    .nullable();

export const optionalText = (max: number, label: string) => textOrNull(max, label).optional().transform((value) => value ?? null);
