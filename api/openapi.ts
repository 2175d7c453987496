import { z } from 'zod';
import { callPaths, callSecuritySchemes } from './call/openapi-paths.js';
import { bookingBody, listQuery, taskBody } from './routes/session-inputs.js';
import { logInBody } from './routes/tokens.js';
import { signUpBody } from './routes/users.js';

/** The OpenAPI 3.1 description of every route; request schemas come from the validators themselves. */
const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const standardErrors = {
  '400': problem('Invalid input: `errors` lists each bad field'),
  '401': problem('Missing, unknown or revoked token'),
  '413': problem('Body over 16 KiB'),
  '415': problem('Body is not JSON'),
};
/** Every time a refusal mentions is also a field (SPEC §11), so clients can say it in the reader's zone. */
const instant = (description: string) => ({ type: 'string', format: 'date-time', description });
const problemTimes = {
  earliestStart: instant('The earliest start that can be booked now (start-in-past)'),
  latestStart: instant('The latest start that can be booked now (start-too-far)'),
  startedAt: instant('When the session or the refused start began (session-started, start-in-past)'),
  endedAt: instant('When the session ended (session-over)'),
  opensAt: instant('When the join window opens (join-window-not-open)'),
  retryAt: instant('When to try again (429)'),
  conflictingSession: {
    type: 'object', required: ['id', 'start', 'end'], description: 'The session a booking overlaps (session-overlap)',
    properties: { id: { type: 'string' }, start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' } },
  },
};
const authed = { security: [{ bearer: [] }] };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

const listParameters = Object.entries((schemaOf(listQuery) as { properties: Record<string, object> }).properties).map(([name, schema]) => ({
  name, in: 'query', required: false, schema,
}));

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'cowork API', version: '1.0.0', description: 'Book focus sessions, get paired with a stranger, meet in a Jitsi room.' },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /v1/users or POST /v1/tokens' }, ...callSecuritySchemes },
    schemas: {
      User: {
        type: 'object', required: ['id', 'name', 'email', 'timezone'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string', format: 'email' }, timezone: { type: 'string' } },
      },
      UserWithToken: { type: 'object', required: ['user', 'token'], properties: { user: ref('User'), token: { type: 'string' } } },
      Session: {
        type: 'object',
        required: ['id', 'start', 'end', 'duration', 'status', 'partner', 'task', 'partnerTask', 'createdAt'],
        properties: {
          id: { type: 'string' },
          start: { type: 'string', format: 'date-time' },
          end: { type: 'string', format: 'date-time' },
          duration: { type: 'integer', enum: [25, 50, 75] },
          status: { type: 'string', enum: ['waiting', 'matched', 'cancelled'] },
          partner: { oneOf: [{ type: 'null' }, { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } }] },
          task: { type: ['string', 'null'] },
          partnerTask: { type: ['string', 'null'] },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      SessionPage: {
        type: 'object', required: ['data', 'nextCursor'],
        properties: { data: { type: 'array', items: ref('Session') }, nextCursor: { type: ['string', 'null'] } },
      },
      Problem: {
        type: 'object', required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          ...problemTimes,
        },
      },
      SignUp: schemaOf(signUpBody),
      LogIn: schemaOf(logInBody),
      Booking: schemaOf(bookingBody),
      TaskUpdate: schemaOf(taskBody),
    },
  },
  paths: {
    '/v1/users': {
      post: { summary: 'Sign up', requestBody: json(ref('SignUp')), responses: { '201': { description: 'Created', ...json(ref('UserWithToken')) }, ...standardErrors, '409': problem('Email already registered') } },
    },
    '/v1/tokens': {
      post: {
        summary: 'Log in (create a token)', requestBody: json(ref('LogIn')),
        responses: { '201': { description: 'Created', ...json(ref('UserWithToken')) }, ...standardErrors, '401': problem('Wrong email or password'), '429': problem('Too many failed log-ins; see Retry-After') },
      },
    },
    '/v1/tokens/current': { delete: { summary: 'Log out (revoke this token)', ...authed, responses: { '204': { description: 'Revoked' }, '401': standardErrors['401'] } } },
    '/v1/me': { get: { summary: 'The signed-in user', ...authed, responses: { '200': { description: 'OK', ...json(ref('User')) }, '401': standardErrors['401'] } } },
    '/v1/sessions': {
      post: {
        summary: 'Book a session (paired at once if someone compatible waits)', ...authed,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Same key and body replays the first answer for at least 24 hours; same key, other body: 422' }],
        requestBody: json(ref('Booking')),
        responses: {
          '201': { description: 'Booked', ...json(ref('Session')) }, ...standardErrors,
          '409': problem('Overlaps another live session of yours (named in conflictingSession)'),
          '422': problem('Start in the past or more than 13 weeks ahead, or Idempotency-Key reused with another body'),
        },
      },
      get: {
        summary: 'Your sessions, upcoming first (by start), one page at a time', ...authed, parameters: listParameters,
        responses: { '200': { description: 'OK', ...json(ref('SessionPage')) }, '400': standardErrors['400'], '401': standardErrors['401'] },
      },
    },
    '/v1/sessions/next': {
      get: { summary: 'The earliest live session whose end is in the future', ...authed, responses: { '200': { description: 'OK', ...json(ref('Session')) }, '401': standardErrors['401'], '404': problem('No upcoming session') } },
    },
    '/v1/sessions/{id}': {
      parameters: [idParam],
      get: { summary: 'One of your sessions', ...authed, responses: { '200': { description: 'OK', ...json(ref('Session')) }, '401': standardErrors['401'], '404': problem('No such session of yours') } },
      patch: {
        summary: 'Set what you will work on', ...authed, requestBody: json(ref('TaskUpdate')),
        responses: { '200': { description: 'OK', ...json(ref('Session')) }, ...standardErrors, '404': problem('No such session of yours'), '409': problem('Session cancelled') },
      },
      delete: {
        summary: 'Cancel before the start (a matched partner is re-paired if possible)', ...authed,
        responses: { '200': { description: 'Cancelled', ...json(ref('Session')) }, '401': standardErrors['401'], '404': problem('No such session of yours'), '409': problem('Session already started') },
      },
    },
    '/healthz': { get: { summary: 'Liveness: 200 when the database answers', responses: { '200': { description: 'OK' }, '503': problem('Database unavailable') } } },
    '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OK' } } } },
    ...callPaths,
  } as Record<string, object>,
};
