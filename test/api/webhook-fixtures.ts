import assert from 'node:assert/strict';
import { json, type Harness } from './harness.js';

/** Adds a webhook through the API and answers its id and once-shown secret. */
export async function addWebhook(h: Harness, token: string, url: string, events?: string[]) {
  const response = await h.request('POST', '/v1/webhooks', { token, body: { url, ...(events ? { events } : {}) } });
  assert.equal(response.status, 201, await response.clone().text());
  return json<{ id: string; secret: string }>(response);
}
