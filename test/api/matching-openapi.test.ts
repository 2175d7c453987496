import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, type Harness } from './harness.js';
import { book, people } from './matching-helpers.js';

type Schema = { required?: string[]; properties?: Record<string, unknown> };

describe('the OpenAPI document describes the matching routes (SPEC §7)', () => {
  let h: Harness;
  let doc: { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, Schema> } };
  before(async () => {
    h = await createHarness();
    doc = await json(await h.request('GET', '/openapi.json'));
  });
  after(() => h.close());

  test('every matching route and method is listed', () => {
    const expected: [string, string[]][] = [
      ['/v1/favorites', ['get']], ['/v1/favorites/{userId}', ['put', 'delete']],
      ['/v1/blocks', ['get']], ['/v1/blocks/{userId}', ['put', 'delete']],
      ['/v1/partners', ['get']], ['/v1/slots', ['get']], ['/v1/sessions/{id}/decline', ['post']], ['/v1/me', ['get', 'patch']],
    ];
    for (const [path, methods] of expected) {
      for (const method of methods) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
    }
  });

  test('User and Session list exactly the fields the API answers', async () => {
    const [ada] = await people(h, 'Ada');
    const user = await json(await h.request('GET', '/v1/me', { token: ada.token }));
    const session = await book(h, ada, '2030-01-07T14:00:00Z');
    for (const [name, answer] of [['User', user], ['Session', session]] as const) {
      const schema = doc.components.schemas[name]!;
      assert.deepEqual(Object.keys(schema.properties!).sort(), Object.keys(answer).sort(), name);
      assert.deepEqual([...schema.required!].sort(), Object.keys(answer).sort(), name);
    }
  });

  test('the slots, partners and settings schemas come from the route declarations', () => {
    assert.deepEqual([...doc.components.schemas.OpenSlot!.required!].sort(), ['duration', 'favorites', 'start', 'waiting']);
    assert.deepEqual([...doc.components.schemas.Partner!.required!].sort(), ['blocked', 'favorite', 'id', 'lastSession', 'name']);
    const patchMe = doc.paths['/v1/me']!.patch as { requestBody: { content: { 'application/json': { schema: Schema } } } };
    assert.deepEqual(Object.keys(patchMe.requestBody.content['application/json'].schema.properties!).sort(), ['activity', 'currentPassword', 'languages', 'matchWith', 'name', 'password', 'quiet', 'timezone']);
    const partners = doc.paths['/v1/partners']!.get as { parameters: { name: string }[] };
    assert.deepEqual(partners.parameters.map((p) => p.name), ['limit', 'If-None-Match']);
  });
});
