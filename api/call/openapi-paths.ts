import { z } from 'zod';
import { attendanceBody } from './call-api-routes.js';

/** The call routes' part of the OpenAPI document (api/openapi.ts spreads these into its paths). */
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const isoTime = { type: 'string', format: 'date-time' };
const nullableText = { type: ['string', 'null'] };
const callCredential = [{ callCredential: [] }];

const callView = {
  type: 'object',
  required: ['phase', 'now', 'you', 'session', 'jitsi'],
  properties: {
    phase: { type: 'string', enum: ['waiting', 'matched', 'over', 'cancelled'] },
    now: { ...isoTime, description: "The server's clock; the page's timer follows it" },
    you: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
    session: {
      type: 'object',
      required: ['id', 'start', 'end', 'duration', 'task', 'partner', 'partnerTask'],
      properties: {
        id: { type: 'string' }, start: isoTime, end: isoTime, duration: { type: 'integer', enum: [25, 50, 75] },
        task: nullableText, partnerTask: nullableText,
        partner: { oneOf: [{ type: 'null' }, { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } }] },
      },
    },
    jitsi: {
      description: 'Only for a member of a live pair (phase "matched"); null otherwise',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['domain', 'scriptUrl', 'roomName', 'jwt'],
          properties: {
            domain: { type: 'string' }, scriptUrl: { type: 'string', format: 'uri' }, roomName: { type: 'string' },
            jwt: { ...nullableText, description: "This person's Jitsi token (HS256 self-hosted, RS256 JaaS); null in public mode" },
          },
        },
      ],
    },
  },
};

export const callSecuritySchemes = {
  callCredential: { type: 'http', scheme: 'bearer', description: 'The credential after the # of a link from POST /v1/sessions/{id}/join; good for that session and person until the session ends' },
};

export const callPaths: Record<string, object> = {
  '/v1/sessions/{id}/join': {
    parameters: [idParam],
    post: {
      summary: 'A link to the call page, from 10 minutes before the start until the end',
      security: [{ bearer: [] }],
      responses: {
        '200': {
          description: 'The link; its credential is in the URL fragment, which never reaches a server log or a Referer',
          ...json({ type: 'object', required: ['url', 'expiresAt'], properties: { url: { type: 'string', format: 'uri' }, expiresAt: isoTime } }),
        },
        '401': problem('Missing, unknown or revoked token'),
        '404': problem('No such session of yours'),
        '409': problem('Outside the join window (opensAt says when it opens), or the session is cancelled'),
      },
    },
  },
  '/call/{id}': {
    parameters: [idParam],
    get: {
      summary: 'The call page (HTML); reads its credential from the URL fragment',
      responses: { '200': { description: 'The page, with a Content-Security-Policy allowing scripts and frames only from itself and the Jitsi domain', content: { 'text/html': {} } } },
    },
  },
  '/v1/calls/{id}': {
    parameters: [idParam],
    get: {
      summary: 'What the call page shows: the session, the partner and, for a member of a live pair, the Jitsi room and token',
      security: callCredential,
      responses: { '200': { description: 'OK', ...json(callView) }, '401': problem('Credential missing, forged, expired or for another session') },
    },
  },
  '/v1/calls/{id}/attendance': {
    parameters: [idParam],
    post: {
      summary: 'Record that this person joined or left the conference (for later no-show rules)',
      security: callCredential,
      requestBody: json(z.toJSONSchema(attendanceBody, { io: 'input', target: 'draft-2020-12' })),
      responses: {
        '204': { description: 'Recorded with the server time' },
        '400': problem('event is not "joined" or "left"'),
        '401': problem('Credential missing, forged, expired or for another session'),
        '415': problem('Body is not JSON'),
      },
    },
  },
};
