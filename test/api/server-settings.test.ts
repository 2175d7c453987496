import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHarness, json } from './harness.js';

/** GET /v1/server: what a client may know before any account, so `cowork signup` can ask the right questions first. */
describe('GET /v1/server', () => {
  for (const signup of ['open', 'invite'] as const) {
    test(`answers signup: ${signup} without a token when COWORK_SIGNUP is ${signup}`, async () => {
      const h = await createHarness(undefined, undefined, { community: { signup } });
      try {
        const response = await h.request('GET', '/v1/server');
        assert.equal(response.status, 200);
        assert.deepEqual(await json(response), { signup, mail: false });
      } finally {
        await h.close();
      }
    });
  }

  test('is in /openapi.json as public: security: []', async () => {
    const h = await createHarness();
    try {
      const doc = await json(await h.request('GET', '/openapi.json'));
      const operation = doc.paths['/v1/server'].get;
      assert.ok(operation, 'GET /v1/server is documented');
      assert.deepEqual(operation.security, []);
    } finally {
      await h.close();
    }
  });
});
