import type { Context } from 'hono';
// From @hono/zod-openapi, not zod: importing it first installs .openapi() on every schema before
// this module makes its own, whichever bundle chunk (the server's, or `cowork mcp`'s) runs it.
import { z } from '@hono/zod-openapi';
import { invalidInput, Problem } from './problems.js';

/** The 400 problem listing every bad field of a failed parse; the routes' validation hook answers with it. */
export function invalidInputOf(error: z.ZodError, where: 'body' | 'query' | 'header' | 'path'): Problem {
  const errors = error.issues.flatMap((issue) => {
    const prefix = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...prefix, key].join('.'), message: 'is not a known field; remove it' }));
    }
    return [{ path: prefix.length ? prefix.join('.') : where, message: issue.message }];
  });
  if (where === 'header') {
    // A header is named as clients spell it, and the refusal says it is not the body's fault.
    const names = [...new Set(errors.map((e) => e.path))].join(', ');
    return invalidInput(`The ${names} header is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
  }
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return invalidInput(`The request ${where} is not valid: ${summary}.`, errors);
}

export const unsupportedMediaType = () =>
  new Problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as JSON with "Content-Type: application/json".');

/** A route's JSON body, read before its input is validated: 415 unless it is sent as JSON, 400 unless it parses. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw unsupportedMediaType();
  }
  try {
    return await c.req.json();
  } catch {
    throw invalidInput('The request body is not valid JSON.', [{ path: 'body', message: 'not valid JSON' }]);
  }
}

/** An RFC 3339 time with seconds and a Z or numeric offset, as a Date. */
export const rfc3339 = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 time such as 2030-01-07T14:00:00Z' })
  .transform((text) => new Date(text));

/**
 * Options for a refinement that compares several parsed fields (a range's from and to). Zod runs an
 * object's refinements even after a field failed a format check, handing them that field's raw
 * input (a string where a Date was expected): `range.to.getTime is not a function`, a 500. With
 * this, the comparison waits until every field parsed, and the field's own 400 is the answer.
 */
export const onceParsed = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/**
 * Whether `zone` names an IANA time zone as the platform's Intl knows it (Europe/Berlin, UTC,
 * Etc/GMT+5). Luxon alone also takes `UTC+99` or `UTC-23:59`: offsets no clock shows, which put a
 * routine off the quarter hour or on another weekday, so every zone a person gives passes here.
 */
export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The one rule for a time zone field (sign-up, settings, routines). */
export const timeZoneName = z
  .string('must be a string')
  .max(64, 'must be at most 64 characters')
  .refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Berlin');

// SPEC §11: a length is what a person sees, so an emoji family or an accented letter counts once.
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// Every printable ASCII character is a grapheme cluster of its own (UAX #29: none of them extends
// or joins another), so such text needs no segmenting.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Whether `text` is longer than `max` characters as people count them. Segmenting costs ~0.6 µs a
 * character and a body may carry 16 KiB of text, so it stops at the first character past `max`.
 */
export function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false; // text.length counts UTF-16 units, never fewer than graphemes
  if (PRINTABLE_ASCII.test(text)) return true;
  let count = 0;
  for (const _ of graphemes.segment(text)) if (++count > max) return true;
  return false;
}

// Cc: C0 (NUL, tab, newline...), DEL and C1. libsql cuts text at a NUL; the rest garble terminals.
const CONTROL_CHARACTER = /\p{Cc}/u;
// In a `u` regex a paired surrogate is one code point, so \p{Cs} matches only lone halves,
// which the database would silently turn into U+FFFD.
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The one rule for every free-text field people type (name, task, label, and any new one): trimmed,
 * no control characters, no lone surrogates, at most `max` characters as people count them.
 * May be empty; add `.min(1, 'must not be empty')` where a value is required.
 */
export const freeText = (max: number, typeError = 'must be a string') =>
  z
    .string(typeError)
    .trim()
    .check((ctx) => {
      const text = ctx.value;
      const control = CONTROL_CHARACTER.exec(text);
      if (control) {
        ctx.issues.push({ code: 'custom', input: text, message: `must not contain control characters such as tab, newline or NUL (found ${codePoint(control[0])})` });
      } else if (LONE_SURROGATE.test(text)) {
        ctx.issues.push({ code: 'custom', input: text, message: 'must be valid Unicode: it holds half of a surrogate pair' });
      } else if (longerThan(text, max)) {
        ctx.issues.push({ code: 'custom', input: text, message: `must be at most ${max} characters (counted as people see them)` });
      }
    })
    .meta({ description: `Trimmed text of at most ${max} characters as people count them (grapheme clusters); no control characters or lone surrogates.` });

/**
 * A password being chosen (sign-up, change): 8 to 1024 characters, and valid Unicode. A lone
 * surrogate is hashed as U+FFFD, so a different half in its place would log in too.
 */
export const newPassword = z
  .string('must be a string')
  .min(8, 'must be at least 8 characters')
  .max(1024, 'must be at most 1024 characters')
  .refine((text) => !LONE_SURROGATE.test(text), 'must be valid Unicode: it holds half of a surrogate pair');

/** Free text that may be null; blank text counts as null. */
export const textOrNull = (max: number, label: string) =>
  freeText(max, `${label} must be a string or null`)
    .nullable()
    .transform((text) => text || null);

export const optionalText = (max: number, label: string) => textOrNull(max, label).optional().transform((value) => value ?? null);

// RFC 5321: a local part of at most 64 octets, a path of at most 254.
const MAX_LOCAL_PART = 64;

/** An email address as people type it, trimmed; the rules named one by one. */
export const emailAddress = freeText(254)
  .pipe(z.email('must be an email address such as ada@example.com'))
  .refine((email) => email.lastIndexOf('@') <= MAX_LOCAL_PART, `the part before @ must be at most ${MAX_LOCAL_PART} characters (RFC 5321)`)
  .meta({ format: 'email', maxLength: 254, description: `An email address, trimmed; at most ${MAX_LOCAL_PART} characters before the @ (RFC 5321).` });
