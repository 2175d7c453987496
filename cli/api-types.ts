/**
 * The API's objects as the CLI receives them (SPEC §3), printed unchanged by --json: names for
 * the types openapi-typescript generates from /openapi.json (cli/api-schema.ts, checked in and
 * kept current by scripts/api-types.mjs), so the CLI's view of the API cannot drift from it.
 */
import type { components, operations } from './api-schema.js';

type Schemas = components['schemas'];
type JsonBody<Id extends keyof operations> = operations[Id] extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type Session = Schemas['Session'];
export type SessionPage = Schemas['SessionPage'];
export type User = Schemas['User'];
export type Credentials = Schemas['UserWithToken'];
export type PersonRef = Schemas['Person'];
export type Partner = Schemas['Partner'];
export type OpenSlot = Schemas['OpenSlot'];
export type Activity = Session['activity'];
export type Routine = Schemas['Routine'];
export type Webhook = Schemas['Webhook'];
export type CreatedWebhook = Schemas['CreatedWebhook'];
export type Delivery = Schemas['WebhookDelivery'];
export type JoinLink = Schemas['JoinLink'];
/** Every field optional: a refusal may come from something in front of the server (a proxy) rather than the API. */
export type Problem = Partial<Schemas['Problem']>;
export type Stats = Schemas['Stats'];
export type ReportReceipt = Schemas['ReportReceipt'];
export type Report = Schemas['Report'];
export type ReportPage = Schemas['ReportPage'];
export type Suspension = Schemas['Suspension'];
export type Invite = Schemas['Invite'];
export type ServerSettings = Schemas['ServerSettings'];
export type BusyCalendar = Schemas['BusyCalendar'];
/** `GET /v1/me/mail` (SPEC §14): the address, its verification, the notices asked for; `mail` false when the server sends none. */
export type MailSettings = Schemas['MailSettings'];

export type BookingBody = JsonBody<'bookSession'>;
export type SettingsChange = JsonBody<'updateMe'>;
